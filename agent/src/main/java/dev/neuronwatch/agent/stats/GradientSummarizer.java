package dev.neuronwatch.agent.stats;

import dev.neuronwatch.protocol.GradientSummary;

/**
 * Summarises one layer's gradients and weights: L2 norms of the weight, bias and output gradients,
 * the mean absolute weight gradient, non-finite counts, the weight norm and the update ratio.
 *
 * <p>Norms are over finite elements (see {@link NormAccumulator}). A gradient the caller did not
 * supply contributes a norm of 0; when none of the three is supplied there is no summary at all.
 * The update ratio {@code ||lastUpdate|| / ||weights||} is the classic learning-rate health check
 * (around 1e-3 is typical; far above means the step size is too large for the weights, far below
 * means learning has stalled). Reuses one accumulator; allocates only the returned records. Not
 * thread-safe.
 *
 * <pre>{@code
 * GradientSummarizer gradients = new GradientSummarizer();
 * GradientSummary g = gradients.summarize(dW, dB, dOut, batch * units);
 * double weightNorm = gradients.l2Norm(w);
 * Double ratio = gradients.updateRatio(deltaW, weightNorm);
 * }</pre>
 */
public final class GradientSummarizer {
  private final NormAccumulator norm = new NormAccumulator();

  /**
   * Summarises the given gradients, any of which may be null; {@code outputGradient} is read up to
   * {@code outputLength} values, the others whole.
   *
   * @return the summary, or null when all three gradients are null
   * @throws IllegalArgumentException when {@code outputGradient} is shorter than {@code
   *     outputLength}
   */
  public GradientSummary summarize(
      float[] weightGradient, float[] biasGradient, float[] outputGradient, int outputLength) {
    if (weightGradient == null && biasGradient == null && outputGradient == null) {
      return null;
    }
    NormAccumulator weights = null;
    if (weightGradient != null) {
      accumulate(weightGradient, weightGradient.length);
      weights = norm;
    }
    return summarizeAccumulated(weights, biasGradient, outputGradient, outputLength);
  }

  /**
   * Like {@link #summarize(float[], float[], float[], int)}, with the weight gradient already
   * accumulated into {@code weightGradient} (null when there is none), for a caller that read it in
   * one pass with the weights and their update.
   *
   * @return the summary, or null when all three are null
   */
  public GradientSummary summarizeAccumulated(
      NormAccumulator weightGradient,
      float[] biasGradient,
      float[] outputGradient,
      int outputLength) {
    if (weightGradient == null && biasGradient == null && outputGradient == null) {
      return null;
    }
    long nan = 0;
    long inf = 0;
    double weightNorm = 0;
    double weightMeanAbs = 0;
    if (weightGradient != null) {
      weightNorm = weightGradient.l2Norm();
      weightMeanAbs = weightGradient.meanAbs();
      nan += weightGradient.nanCount();
      inf += weightGradient.infCount();
    }
    double biasNorm = 0;
    if (biasGradient != null) {
      accumulate(biasGradient, biasGradient.length);
      biasNorm = norm.l2Norm();
      nan += norm.nanCount();
      inf += norm.infCount();
    }
    double outputNorm = 0;
    if (outputGradient != null) {
      accumulate(outputGradient, outputLength);
      outputNorm = norm.l2Norm();
      nan += norm.nanCount();
      inf += norm.infCount();
    }
    return new GradientSummary(weightNorm, biasNorm, outputNorm, weightMeanAbs, nan, inf);
  }

  /** The L2 norm of the finite values of {@code values}, or null when it is null. */
  public Double l2Norm(float[] values) {
    if (values == null) {
      return null;
    }
    accumulate(values, values.length);
    return norm.l2Norm();
  }

  /**
   * {@code ||lastUpdate|| / weightNorm}, or null when {@code lastUpdate} is null or {@code
   * weightNorm} is 0.
   */
  public Double updateRatio(float[] lastUpdate, double weightNorm) {
    if (lastUpdate == null || weightNorm == 0) {
      return null;
    }
    accumulate(lastUpdate, lastUpdate.length);
    return norm.l2Norm() / weightNorm;
  }

  private void accumulate(float[] values, int n) {
    norm.reset();
    norm.addAll(values, n);
  }
}
