package dev.neuronwatch.trainer.data;

/**
 * A dataset cut into disjoint training and validation rows; validation may be empty.
 *
 * <pre>{@code
 * Split split = dataset.split(0.2, random);
 * }</pre>
 */
public record Split(Dataset train, Dataset validation) {}
