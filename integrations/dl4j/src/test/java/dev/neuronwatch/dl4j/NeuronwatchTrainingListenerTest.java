package dev.neuronwatch.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.StepSample;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

class NeuronwatchTrainingListenerTest {
  private static final double LR = 0.1;

  private static NeuronwatchAgent agent(CollectingSink sink, int sampleEvery) {
    return NeuronwatchAgent.start(
        AgentConfig.builder().run("dl4j-test").sampleEvery(sampleEvery).sink(sink).build());
  }

  @Test
  void recordsEveryLayerAsDeeplearning4jComputesIt() {
    MultiLayerNetwork network = Networks.spiralsMlp(new Sgd(LR), 7);
    DataSet batch = Spirals.generate(64, 1);
    // What the network computes for this batch before the step, output layer included.
    List<INDArray> expected = network.feedForward(batch.getFeatures(), true);
    INDArray weightsBefore = network.getLayer(0).getParam("W").dup();
    CollectingSink sink = new CollectingSink();
    NeuronwatchAgent agent = agent(sink, 1);
    try {
      network.addListeners(new NeuronwatchTrainingListener(agent));
      network.fit(batch);
    } finally {
      agent.close(); // delivers what is queued
    }
    double score = network.score();
    {
      StepSample sample = sink.samples().get(0);
      assertThat(sample.step()).isZero();
      assertThat(sample.loss()).isCloseTo(score, within(1e-6));
      assertThat(sample.layers())
          .extracting(LayerSample::name, LayerSample::depth, LayerSample::activation)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("layer0", 0, ActivationKind.RELU),
              org.assertj.core.groups.Tuple.tuple("layer1", 1, ActivationKind.RELU),
              org.assertj.core.groups.Tuple.tuple("layer2", 2, ActivationKind.RELU),
              org.assertj.core.groups.Tuple.tuple("layer3", 3, ActivationKind.SOFTMAX));
      for (int i = 0; i < 4; i++) {
        LayerSample layer = sample.layers().get(i);
        INDArray out = expected.get(i + 1);
        assertThat(layer.units()).isEqualTo(out.size(1));
        assertThat(layer.output().count()).isEqualTo(out.length());
        assertThat(layer.output().mean()).isCloseTo(out.meanNumber().doubleValue(), within(1e-5));
        assertThat(layer.output().max()).isCloseTo(out.maxNumber().doubleValue(), within(1e-5));
      }
      // Dead units: ReLU outputs that are 0 for every example of the batch.
      INDArray hidden = expected.get(1);
      long dead = 0;
      for (int unit = 0; unit < hidden.size(1); unit++) {
        dead += hidden.getColumn(unit).maxNumber().doubleValue() <= 0 ? 1 : 0;
      }
      assertThat(sample.layers().get(0).deadFraction())
          .isCloseTo(dead / (double) hidden.size(1), within(1e-9));

      // Plain SGD: the update is lr x gradient, so both can be checked against the weights' change.
      INDArray weightsAfter = network.getLayer(0).getParam("W");
      double change = weightsAfter.sub(weightsBefore).norm2Number().doubleValue();
      LayerSample first = sample.layers().get(0);
      assertThat(change).isPositive();
      assertThat(first.gradient().weightNorm()).isCloseTo(change / LR, within(1e-3 * change / LR));
      assertThat(first.weightNorm())
          .isCloseTo(weightsAfter.norm2Number().doubleValue(), within(1e-4));
      assertThat(first.updateRatio())
          .isCloseTo(change / weightsAfter.norm2Number().doubleValue(), within(1e-6));
    }
  }

  @Test
  void samplesOnlyTheAgentsSteps() {
    MultiLayerNetwork network = Networks.spiralsMlp(new Sgd(LR), 7);
    CollectingSink sink = new CollectingSink();
    NeuronwatchAgent agent = agent(sink, 5);
    try {
      network.addListeners(new NeuronwatchTrainingListener(agent));
      Networks.train(network, Spirals.generate(256, 2), 32, 12);
    } finally {
      agent.close();
    }
    assertThat(sink.steps()).containsExactly(0L, 5L, 10L);
  }

  @Test
  void convolutionLayersAreMeasuredPerChannel() {
    MultiLayerNetwork network = Networks.convnet(new Sgd(LR), 3);
    INDArray images = Nd4j.rand(new int[] {16, 1, 6, 6}).subi(0.5);
    INDArray labels = Nd4j.zeros(16, 2);
    for (int i = 0; i < 16; i++) {
      labels.putScalar(i, i % 2, 1);
    }
    List<INDArray> expected = network.feedForward(images, true);
    CollectingSink sink = new CollectingSink();
    NeuronwatchAgent agent = agent(sink, 1);
    try {
      network.addListeners(new NeuronwatchTrainingListener(agent));
      network.fit(new DataSet(images, labels));
    } finally {
      agent.close();
    }
    {
      StepSample sample = sink.samples().get(0);
      // Pooling is not monitored: conv, dense and output remain, at depths 0..2.
      assertThat(sample.layers())
          .extracting(LayerSample::name, LayerSample::activation)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("layer0", ActivationKind.RELU),
              org.assertj.core.groups.Tuple.tuple("layer2", ActivationKind.TANH),
              org.assertj.core.groups.Tuple.tuple("layer3", ActivationKind.SOFTMAX));
      LayerSample conv = sample.layers().get(0);
      INDArray maps = expected.get(1); // [16, 4, 4, 4]
      assertThat(conv.units()).isEqualTo(4);
      assertThat(conv.output().count()).isEqualTo(maps.length());
      assertThat(conv.output().mean()).isCloseTo(maps.meanNumber().doubleValue(), within(1e-5));
      long deadChannels = 0;
      for (int c = 0; c < 4; c++) {
        INDArray channel =
            maps.get(
                org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(c),
                org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        deadChannels += channel.maxNumber().doubleValue() <= 0 ? 1 : 0;
      }
      assertThat(conv.deadFraction()).isEqualTo(deadChannels / 4.0);
      assertThat(conv.gradient()).isNotNull();
    }
  }

  @Test
  void aClosedAgentLeavesTrainingAlone() {
    MultiLayerNetwork network = Networks.spiralsMlp(new Sgd(LR), 7);
    CollectingSink sink = new CollectingSink();
    NeuronwatchAgent agent = agent(sink, 1);
    network.addListeners(new NeuronwatchTrainingListener(agent));
    agent.close();
    Networks.train(network, Spirals.generate(128, 2), 32, 4);
    assertThat(sink.samples()).isEmpty();
    assertThat(network.getIterationCount()).isEqualTo(4);
  }
}
