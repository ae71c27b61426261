package dev.neuronwatch.trainer.nn;

import dev.neuronwatch.protocol.ActivationKind;
import java.util.List;

/**
 * A layer's non-linearity over a {@code rows x cols} row-major batch of pre-activations.
 *
 * <p>{@link #backward} receives the forward pass's own input {@code z} and output {@code a}, so
 * that derivatives expressible through the output (sigmoid, tanh, softmax) need not recompute it.
 * Activations with learnable parameters (PReLU) expose them through {@link #parameters()} and
 * overwrite their gradients on every {@code backward}.
 *
 * <pre>{@code
 * Activation relu = Activation.create(ActivationKind.RELU, Double.NaN, 1.0, 64);
 * relu.forward(z, a, batch, 64);
 * relu.backward(z, a, dA, dZ, batch, 64);
 * }</pre>
 */
public interface Activation {

  /** Which function this is, as reported to the agent. */
  ActivationKind kind();

  /** Writes {@code a = f(z)} for the first {@code rows * cols} elements. */
  void forward(float[] z, float[] a, int rows, int cols);

  /** Writes {@code dZ = dLoss/dz} given {@code dA = dLoss/da}, the chain rule through f. */
  void backward(float[] z, float[] a, float[] dA, float[] dZ, int rows, int cols);

  /** Learnable parameters of the activation itself; empty for all but PReLU. */
  default List<Parameter> parameters() {
    return List.of();
  }

  /**
   * Creates the activation for {@code kind}.
   *
   * @param alpha the negative-side slope of Leaky ReLU, the initial slope of PReLU or the scale of
   *     ELU; {@code NaN} selects {@link #defaultAlpha(ActivationKind)}; ignored by the others
   * @param temperature the softmax temperature T in {@code softmax(z / T)}; ignored by the others
   * @param units the layer width, which sizes PReLU's per-unit slopes
   */
  static Activation create(ActivationKind kind, double alpha, double temperature, int units) {
    double a = Double.isNaN(alpha) ? defaultAlpha(kind) : alpha;
    switch (kind) {
      case LINEAR:
        return new Linear();
      case SIGMOID:
        return new Sigmoid();
      case TANH:
        return new Tanh();
      case RELU:
        return new Relu();
      case LEAKY_RELU:
        return new LeakyRelu(a);
      case PRELU:
        return new Prelu(units, a);
      case ELU:
        return new Elu(a);
      case GELU:
        return new Gelu();
      case SWISH:
        return new Swish();
      case SOFTMAX:
        return new Softmax(temperature);
      default:
        throw new IllegalArgumentException("unsupported activation " + kind);
    }
  }

  /** 0.01 for Leaky ReLU, 0.25 for PReLU's initial slope, 1.0 for ELU, 0 for the rest. */
  static double defaultAlpha(ActivationKind kind) {
    switch (kind) {
      case LEAKY_RELU:
        return LeakyRelu.DEFAULT_ALPHA;
      case PRELU:
        return Prelu.DEFAULT_INITIAL_ALPHA;
      case ELU:
        return Elu.DEFAULT_ALPHA;
      default:
        return 0;
    }
  }
}
