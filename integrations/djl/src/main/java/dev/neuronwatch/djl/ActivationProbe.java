package dev.neuronwatch.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.neuronwatch.protocol.ActivationKind;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

/**
 * Tells which activation a parameterless block applies by what it does, not by its name: DJL's most
 * common style, {@code add(Activation::relu)}, makes an anonymous {@code LambdaBlock}. The block is
 * run once, in inference mode, on a fixed row of values from -8 to 8, and its output is compared
 * with each known function. Slopes that DJL lets the caller choose (Leaky ReLU's and ELU's alpha,
 * Swish's beta) are read from the output and then checked at every point.
 *
 * <p>ReLU6 is reported as {@code relu} and SELU as {@code elu}: same shape below zero, so the same
 * dead-unit reading holds. Anything else (softplus, softsign, mish, dropout, a custom lambda) is
 * not identified.
 */
final class ActivationProbe {
  private static final int POINTS = 129;
  private static final double FROM = -8;
  private static final double STEP = 0.125;
  private static final double TOLERANCE = 1e-3;
  private static final double SELU_SCALE = 1.0507009873554805;
  private static final double SELU_ALPHA = 1.6732632423543772;

  /** What a block was found to apply, in words for the log. */
  record Identified(ActivationKind kind, String description) {}

  private ActivationProbe() {}

  /** The activation {@code block} applies elementwise, if it is one this probe knows. */
  static Optional<Identified> identify(Block block, NDManager parent) {
    double[] x = new double[POINTS];
    float[] input = new float[POINTS];
    for (int i = 0; i < POINTS; i++) {
      x[i] = FROM + i * STEP;
      input[i] = (float) x[i];
    }
    double[] y;
    try (NDManager manager = parent.newSubManager()) {
      NDArray in = manager.create(input).reshape(1, POINTS);
      NDList out = block.forward(new ParameterStore(manager, false), new NDList(in), false);
      if (out.size() != 1 || out.get(0).getShape().size() != POINTS) {
        return Optional.empty();
      }
      float[] values = out.get(0).toType(DataType.FLOAT32, false).toFloatArray();
      y = new double[POINTS];
      for (int i = 0; i < POINTS; i++) {
        y[i] = values[i];
      }
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    return classify(x, y);
  }

  static Optional<Identified> classify(double[] x, double[] y) {
    if (matches(x, y, v -> v)) {
      return found(ActivationKind.LINEAR, "identity");
    }
    if (matches(x, y, v -> Math.max(v, 0))) {
      return found(ActivationKind.RELU, "relu");
    }
    if (matches(x, y, v -> Math.min(Math.max(v, 0), 6))) {
      return found(ActivationKind.RELU, "relu6, reported as relu");
    }
    double at = -1;
    double leakyAlpha = valueAt(x, y, at) / at;
    if (leakyAlpha > 0 && leakyAlpha < 1 && matches(x, y, v -> v >= 0 ? v : leakyAlpha * v)) {
      return found(ActivationKind.LEAKY_RELU, "leaky relu, alpha " + round(leakyAlpha));
    }
    double eluAlpha = valueAt(x, y, at) / Math.expm1(at);
    if (eluAlpha > 0 && matches(x, y, v -> v >= 0 ? v : eluAlpha * Math.expm1(v))) {
      return found(ActivationKind.ELU, "elu, alpha " + round(eluAlpha));
    }
    if (matches(x, y, v -> SELU_SCALE * (v >= 0 ? v : SELU_ALPHA * Math.expm1(v)))) {
      return found(ActivationKind.ELU, "selu, reported as elu");
    }
    if (matches(x, y, ActivationProbe::sigmoid)) {
      return found(ActivationKind.SIGMOID, "sigmoid");
    }
    if (matches(x, y, Math::tanh)) {
      return found(ActivationKind.TANH, "tanh");
    }
    if (matches(x, y, ActivationProbe::gelu)) {
      return found(ActivationKind.GELU, "gelu");
    }
    // swish(1) = sigmoid(beta): read beta back, then check every point.
    double gate = valueAt(x, y, 1);
    if (gate > 0 && gate < 1) {
      double beta = Math.log(gate / (1 - gate));
      if (matches(x, y, v -> v * sigmoid(beta * v))) {
        return found(ActivationKind.SWISH, "swish, beta " + round(beta));
      }
    }
    if (isSoftmax(x, y)) {
      return found(ActivationKind.SOFTMAX, "softmax");
    }
    return Optional.empty();
  }

  private static Optional<Identified> found(ActivationKind kind, String description) {
    return Optional.of(new Identified(kind, description));
  }

  private static boolean matches(double[] x, double[] y, DoubleUnaryOperator f) {
    for (int i = 0; i < x.length; i++) {
      double expected = f.applyAsDouble(x[i]);
      if (!(Math.abs(y[i] - expected) <= TOLERANCE * Math.max(1, Math.abs(expected)))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSoftmax(double[] x, double[] y) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (double v : x) {
      sum += Math.exp(v - max);
    }
    double total = sum;
    double top = max;
    return matches(x, y, v -> Math.exp(v - top) / total);
  }

  private static double valueAt(double[] x, double[] y, double at) {
    return y[(int) Math.round((at - FROM) / STEP)];
  }

  private static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  /** The tanh form; within 5e-4 of the exact erf form everywhere, so either passes. */
  private static double gelu(double v) {
    return 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
  }

  private static String round(double v) {
    return String.format(java.util.Locale.ROOT, "%.4g", v);
  }
}
