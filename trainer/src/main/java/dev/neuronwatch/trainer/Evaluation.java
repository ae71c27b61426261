package dev.neuronwatch.trainer;

/**
 * Loss and accuracy of the network over one dataset; accuracy null for regression.
 *
 * <pre>{@code
 * Evaluation e = evaluator.evaluate(validation);
 * }</pre>
 */
record Evaluation(double loss, Double accuracy) {}
