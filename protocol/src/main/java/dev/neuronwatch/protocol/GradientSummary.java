package dev.neuronwatch.protocol;

/**
 * Gradient statistics of one layer at one step.
 *
 * <p>Norms are L2 norms over the finite elements: {@code weightNorm} of the loss gradient with
 * respect to the weight matrix, {@code biasNorm} with respect to the bias, {@code outputNorm} with
 * respect to the layer's output (the signal passed down to the layer below). {@code weightMeanAbs}
 * is the mean absolute value of the weight gradient, the quantity Amazon SageMaker Debugger's
 * VanishingGradient rule compares with its threshold. Non-finite elements of all three gradients
 * are counted in {@code nanCount} and {@code infCount}, which together are at most 2^53.
 *
 * <pre>{@code
 * GradientSummary g = new GradientSummary(0.3, 0.01, 0.2, 1e-3, 0, 0);
 * }</pre>
 */
public record GradientSummary(
    double weightNorm,
    double biasNorm,
    double outputNorm,
    double weightMeanAbs,
    long nanCount,
    long infCount) {

  private static final String[] NON_FINITE = {"nanCount", "infCount"};

  public GradientSummary {
    Checks.nonNegative("weightNorm", weightNorm);
    Checks.nonNegative("biasNorm", biasNorm);
    Checks.nonNegative("outputNorm", outputNorm);
    Checks.nonNegative("weightMeanAbs", weightMeanAbs);
    Checks.elementsTogether(NON_FINITE, nanCount, infCount);
  }

  /** {@code nanCount + infCount}. */
  public long nonFiniteCount() {
    return nanCount + infCount;
  }
}
