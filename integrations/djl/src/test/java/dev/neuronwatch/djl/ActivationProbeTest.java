package dev.neuronwatch.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import dev.neuronwatch.protocol.ActivationKind;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each of DJL's activations, run on the PyTorch engine, is told by what it computes. */
class ActivationProbeTest {
  private static NDManager manager;

  @BeforeAll
  static void engine() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  private static Optional<ActivationKind> kindOf(Block block) {
    return ActivationProbe.identify(block, manager).map(ActivationProbe.Identified::kind);
  }

  @Test
  void namedActivationBlocksAreIdentified() {
    assertThat(kindOf(Activation.reluBlock())).hasValue(ActivationKind.RELU);
    assertThat(kindOf(Activation.relu6Block())).hasValue(ActivationKind.RELU);
    assertThat(kindOf(Activation.leakyReluBlock(0.01f))).hasValue(ActivationKind.LEAKY_RELU);
    assertThat(kindOf(Activation.eluBlock(0.5f))).hasValue(ActivationKind.ELU);
    assertThat(kindOf(Activation.seluBlock())).hasValue(ActivationKind.ELU);
    assertThat(kindOf(Activation.sigmoidBlock())).hasValue(ActivationKind.SIGMOID);
    assertThat(kindOf(Activation.tanhBlock())).hasValue(ActivationKind.TANH);
    assertThat(kindOf(Activation.geluBlock())).hasValue(ActivationKind.GELU);
    assertThat(kindOf(Activation.swishBlock(1f))).hasValue(ActivationKind.SWISH);
    assertThat(kindOf(Activation.swishBlock(2.5f))).hasValue(ActivationKind.SWISH);
  }

  @Test
  void anonymousLambdasAreIdentifiedByWhatTheyCompute() {
    assertThat(kindOf(new LambdaBlock(Activation::relu))).hasValue(ActivationKind.RELU);
    assertThat(kindOf(new LambdaBlock(a -> Activation.leakyRelu(a, 0.2f))))
        .hasValue(ActivationKind.LEAKY_RELU);
    assertThat(kindOf(LambdaBlock.singleton(Activation::tanh))).hasValue(ActivationKind.TANH);
    assertThat(kindOf(new LambdaBlock(a -> new NDList(a.singletonOrThrow().softmax(-1)))))
        .hasValue(ActivationKind.SOFTMAX);
    assertThat(kindOf(new LambdaBlock(a -> a))).hasValue(ActivationKind.LINEAR);
  }

  @Test
  void alphaAndBetaAreReadBack() {
    assertThat(ActivationProbe.identify(Activation.leakyReluBlock(0.2f), manager))
        .hasValueSatisfying(found -> assertThat(found.description()).contains("0.2000"));
    assertThat(ActivationProbe.identify(Activation.swishBlock(2.5f), manager))
        .hasValueSatisfying(found -> assertThat(found.description()).contains("2.500"));
  }

  @Test
  void functionsWithoutAKindAreNotGuessed() {
    assertThat(kindOf(Activation.softPlusBlock())).isEmpty();
    assertThat(kindOf(Activation.softSignBlock())).isEmpty();
    assertThat(kindOf(Activation.mishBlock())).isEmpty();
    assertThat(kindOf(new LambdaBlock(a -> new NDList(a.singletonOrThrow().mul(2f))))).isEmpty();
  }
}
