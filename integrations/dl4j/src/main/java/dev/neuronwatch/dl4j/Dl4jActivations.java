package dev.neuronwatch.dl4j;

import dev.neuronwatch.protocol.ActivationKind;
import java.util.Optional;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationGELU;
import org.nd4j.linalg.activations.impl.ActivationHardSigmoid;
import org.nd4j.linalg.activations.impl.ActivationHardTanH;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationPReLU;
import org.nd4j.linalg.activations.impl.ActivationRReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;
import org.nd4j.linalg.activations.impl.ActivationSELU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationSwish;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.activations.impl.ActivationThresholdedReLU;

/**
 * Maps Deeplearning4j's activation functions to the agent's {@link ActivationKind}.
 *
 * <p>Hard and leaky variants go to the family whose failure they share: ReLU6 and thresholded ReLU
 * die like ReLU, a ReLU with a negative slope and RReLU are leaky, SELU is a scaled ELU, hard
 * sigmoid and hard tanh saturate at their bounds. Functions with no such family (cube, softplus,
 * softsign, mish, rational and rectified tanh) have no kind: the listener records their layers as
 * {@code linear}, without a dead-unit or saturation check, and says so once.
 *
 * <pre>{@code
 * Optional<ActivationKind> kind = Dl4jActivations.kindOf(new ActivationReLU());  // RELU
 * }</pre>
 */
public final class Dl4jActivations {
  private Dl4jActivations() {}

  /** The kind of {@code fn}, or empty when it belongs to none of the agent's families. */
  public static Optional<ActivationKind> kindOf(IActivation fn) {
    if (fn instanceof ActivationReLU) {
      Double slope = ((ActivationReLU) fn).getNegativeSlope();
      boolean leaky = slope != null && slope != 0.0;
      return Optional.of(leaky ? ActivationKind.LEAKY_RELU : ActivationKind.RELU);
    }
    if (fn instanceof ActivationReLU6 || fn instanceof ActivationThresholdedReLU) {
      return Optional.of(ActivationKind.RELU);
    }
    if (fn instanceof ActivationLReLU || fn instanceof ActivationRReLU) {
      return Optional.of(ActivationKind.LEAKY_RELU);
    }
    if (fn instanceof ActivationPReLU) {
      return Optional.of(ActivationKind.PRELU);
    }
    if (fn instanceof ActivationELU || fn instanceof ActivationSELU) {
      return Optional.of(ActivationKind.ELU);
    }
    if (fn instanceof ActivationSigmoid || fn instanceof ActivationHardSigmoid) {
      return Optional.of(ActivationKind.SIGMOID);
    }
    if (fn instanceof ActivationTanH || fn instanceof ActivationHardTanH) {
      return Optional.of(ActivationKind.TANH);
    }
    if (fn instanceof ActivationSoftmax) {
      return Optional.of(ActivationKind.SOFTMAX);
    }
    if (fn instanceof ActivationGELU) {
      return Optional.of(ActivationKind.GELU);
    }
    if (fn instanceof ActivationSwish) {
      return Optional.of(ActivationKind.SWISH);
    }
    if (fn instanceof ActivationIdentity) {
      return Optional.of(ActivationKind.LINEAR);
    }
    return Optional.empty();
  }
}
