package dev.neuronwatch.detection;

/**
 * A run left out of the scores, and why (a healthy configuration that did not learn, a seed on
 * which the pathology never showed).
 *
 * <pre>{@code
 * Exclusion excluded = new Exclusion(spec, "did not learn: accuracy 0.41");
 * }</pre>
 */
public record Exclusion(RunSpec spec, String reason) {}
