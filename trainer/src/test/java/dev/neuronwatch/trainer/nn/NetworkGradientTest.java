package dev.neuronwatch.trainer.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.neuronwatch.protocol.ActivationKind;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Back-propagation through whole networks against central finite differences of the loss with
 * respect to every weight, bias and PReLU slope. The network computes in float, so steps are large
 * (1e-2) and inputs are redrawn until no pre-activation sits within reach of a kink.
 */
class NetworkGradientTest {
  private static final int ROWS = 4;
  private static final int INPUTS = 3;
  private static final double STEP = 1e-2;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(ActivationKind.TANH, LossKind.SOFTMAX, 0.0),
        Arguments.of(ActivationKind.SIGMOID, LossKind.BINARY, 0.0),
        Arguments.of(ActivationKind.RELU, LossKind.SOFTMAX, 0.0),
        Arguments.of(ActivationKind.LEAKY_RELU, LossKind.MSE, 0.0),
        Arguments.of(ActivationKind.PRELU, LossKind.SOFTMAX, 0.0),
        Arguments.of(ActivationKind.PRELU, LossKind.MSE, 0.0),
        Arguments.of(ActivationKind.ELU, LossKind.BINARY, 0.0),
        Arguments.of(ActivationKind.GELU, LossKind.SOFTMAX, 0.0),
        Arguments.of(ActivationKind.SWISH, LossKind.MSE, 0.0),
        Arguments.of(ActivationKind.SOFTMAX, LossKind.BINARY, 0.0),
        Arguments.of(ActivationKind.LINEAR, LossKind.SOFTMAX, 0.0),
        Arguments.of(ActivationKind.TANH, LossKind.MSE, 0.3),
        Arguments.of(ActivationKind.RELU, LossKind.BINARY, 0.5));
  }

  enum LossKind {
    SOFTMAX,
    BINARY,
    MSE;

    Loss create() {
      switch (this) {
        case SOFTMAX:
          return new SoftmaxCrossEntropy(1.3);
        case BINARY:
          return new SigmoidBinaryCrossEntropy();
        default:
          return new MeanSquaredError();
      }
    }
  }

  @ParameterizedTest(name = "{0} hidden, {1} loss, dropout {2}")
  @MethodSource("cases")
  void backwardMatchesFiniteDifferences(ActivationKind hidden, LossKind lossKind, double dropout) {
    SplittableRandom random = new SplittableRandom(hidden.ordinal() * 31L + lossKind.ordinal());
    Loss loss = lossKind.create();
    int outputs = 3;
    Network network = network(hidden, loss, dropout, outputs, random);
    float[] x;
    do {
      x = ActivationDerivativeTest.randomArray(ROWS * INPUTS, random, 1.5);
    } while (nearAKink(network, x, hidden));
    float[] targets = targets(lossKind, outputs, random);

    lossAndGradients(network, loss, x, targets);
    List<float[]> analytic = new ArrayList<>();
    for (Parameter parameter : network.parameters()) {
      analytic.add(parameter.gradient().clone());
    }

    for (int p = 0; p < network.parameters().size(); p++) {
      Parameter parameter = network.parameters().get(p);
      float[] values = parameter.value();
      for (int i = 0; i < values.length; i++) {
        float saved = values[i];
        values[i] = (float) (saved + STEP);
        double up = lossOnly(network, loss, x, targets);
        values[i] = (float) (saved - STEP);
        double down = lossOnly(network, loss, x, targets);
        values[i] = saved;
        double numeric = (up - down) / (2 * STEP);
        double tolerance = 2e-3 + 3e-2 * Math.abs(numeric);
        assertThat((double) analytic.get(p)[i])
            .as("%s[%d]", parameter.name(), i)
            .isCloseTo(numeric, within(tolerance));
      }
    }
  }

  private static Network network(
      ActivationKind hidden, Loss loss, double dropout, int outputs, SplittableRandom random) {
    List<Dense> layers = new ArrayList<>();
    int fanIn = INPUTS;
    for (int i = 0; i < 2; i++) {
      Activation activation = Activation.create(hidden, Double.NaN, 0.8, 4);
      layers.add(new Dense("dense_" + i, fanIn, 4, activation, dropout, ROWS));
      fanIn = 4;
    }
    Activation output = Activation.create(loss.outputActivation(), Double.NaN, 1.3, outputs);
    layers.add(new Dense("output", fanIn, outputs, output, 0, ROWS));
    Network network = new Network(layers);
    for (Parameter parameter : network.parameters()) {
      float[] values = ActivationDerivativeTest.randomArray(parameter.size(), random, 0.9);
      System.arraycopy(values, 0, parameter.value(), 0, values.length);
    }
    return network;
  }

  private static boolean nearAKink(Network network, float[] x, ActivationKind hidden) {
    if (!(hidden.isReluFamily() || hidden == ActivationKind.LINEAR)) {
      return false;
    }
    network.forward(x, ROWS, null);
    for (Dense layer : network.layers()) {
      for (int i = 0; i < ROWS * layer.units(); i++) {
        if (Math.abs(layer.preActivations()[i]) < 0.1) {
          return true;
        }
      }
    }
    return false;
  }

  private static float[] targets(LossKind kind, int outputs, SplittableRandom random) {
    float[] targets = new float[ROWS * outputs];
    for (int r = 0; r < ROWS; r++) {
      if (kind == LossKind.SOFTMAX) {
        targets[r * outputs + random.nextInt(outputs)] = 1;
      } else {
        for (int j = 0; j < outputs; j++) {
          targets[r * outputs + j] =
              kind == LossKind.BINARY ? random.nextInt(2) : (float) random.nextGaussian();
        }
      }
    }
    return targets;
  }

  /** A fresh, equally seeded random source per pass, so that every pass draws the same mask. */
  private static SplittableRandom masks() {
    return new SplittableRandom(99);
  }

  private static void lossAndGradients(Network network, Loss loss, float[] x, float[] targets) {
    network.forward(x, ROWS, masks());
    loss.compute(network.logits(), targets, ROWS, network.outputs(), network.logitGradient());
    network.backward(x, ROWS);
  }

  private static double lossOnly(Network network, Loss loss, float[] x, float[] targets) {
    network.forward(x, ROWS, masks());
    return loss.compute(network.logits(), targets, ROWS, network.outputs(), null);
  }
}
