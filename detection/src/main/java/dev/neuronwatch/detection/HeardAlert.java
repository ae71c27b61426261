package dev.neuronwatch.detection;

/**
 * The agent's alert listener started hearing {@code rule} on {@code layer} ({@code ""} for a
 * run-level alert): at wall time {@code wallMillis}, when the training thread had handed the agent
 * {@code samplesTaken} samples.
 *
 * <pre>{@code
 * HeardAlert heard = new HeardAlert("NeuronwatchDyingRelu", "dense_1", 1764583000000L, 17);
 * }</pre>
 */
public record HeardAlert(String rule, String layer, long wallMillis, long samplesTaken) {}
