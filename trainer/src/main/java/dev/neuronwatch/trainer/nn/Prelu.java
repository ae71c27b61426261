package dev.neuronwatch.trainer.nn;

import dev.neuronwatch.protocol.ActivationKind;
import java.util.Arrays;
import java.util.List;

/**
 * Parametric ReLU (He et al. 2015): {@code z} for positive z, {@code alpha_j * z} otherwise, with
 * one learnable slope per unit (initial value {@value #DEFAULT_INITIAL_ALPHA} by default), trained
 * by the optimiser like any weight but without weight decay.
 *
 * <pre>{@code
 * Prelu prelu = new Prelu(64, 0.25);
 * Parameter slopes = prelu.parameters().get(0);
 * }</pre>
 */
public final class Prelu implements Activation {
  /** The initial slope of He et al. */
  public static final double DEFAULT_INITIAL_ALPHA = 0.25;

  private final Parameter alpha;

  public Prelu(int units, double initialAlpha) {
    this.alpha = new Parameter("alpha", units, false);
    Arrays.fill(alpha.value(), (float) initialAlpha);
  }

  /** The per-unit slopes. */
  public Parameter alpha() {
    return alpha;
  }

  @Override
  public ActivationKind kind() {
    return ActivationKind.PRELU;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(alpha);
  }

  @Override
  public void forward(float[] z, float[] a, int rows, int cols) {
    float[] slope = alpha.value();
    for (int r = 0; r < rows; r++) {
      int row = r * cols;
      for (int j = 0; j < cols; j++) {
        float v = z[row + j];
        a[row + j] = v > 0 ? v : slope[j] * v;
      }
    }
  }

  @Override
  public void backward(float[] z, float[] a, float[] dA, float[] dZ, int rows, int cols) {
    float[] slope = alpha.value();
    float[] slopeGradient = alpha.gradient();
    Arrays.fill(slopeGradient, 0, cols, 0f);
    for (int r = 0; r < rows; r++) {
      int row = r * cols;
      for (int j = 0; j < cols; j++) {
        float v = z[row + j];
        float g = dA[row + j];
        if (v > 0) {
          dZ[row + j] = g;
        } else {
          dZ[row + j] = slope[j] * g;
          slopeGradient[j] += g * v;
        }
      }
    }
  }
}
