package dev.neuronwatch.trainer;

/**
 * The outcome of a training run.
 *
 * <p>{@code steps} is the number of steps taken (fewer than configured after early stopping or
 * divergence). {@code finalLoss} and {@code finalAccuracy} are evaluated over the whole training
 * set after the last step, without dropout (accuracy null for regression); validation values are
 * null without a validation set. {@code diverged} is true when the training loss became NaN or
 * infinite. {@code weightsChecksum} hashes the raw bits of every parameter, so two runs with equal
 * checksums ended with bit-identical networks.
 *
 * <pre>{@code
 * TrainingResult result = Trainer.train(config, null, null);
 * if (result.diverged()) { ... }
 * }</pre>
 */
public record TrainingResult(
    long steps,
    double finalLoss,
    Double finalAccuracy,
    Double validationLoss,
    Double validationAccuracy,
    boolean stoppedEarly,
    boolean diverged,
    long weightsChecksum) {}
