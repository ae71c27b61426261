package dev.neuronwatch.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.StepSample;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class ComputationGraphListenerTest {

  /**
   * Two branches (ReLU and tanh) merged, a dense layer with an identity activation followed by a
   * PReLU layer, and a softmax output.
   */
  private static ComputationGraph graph() {
    ComputationGraph graph =
        new ComputationGraph(
            new NeuralNetConfiguration.Builder()
                .seed(11)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(1e-3))
                .graphBuilder()
                .addInputs("in")
                .addLayer(
                    "relu_branch",
                    new DenseLayer.Builder().nIn(2).nOut(16).activation(Activation.RELU).build(),
                    "in")
                .addLayer(
                    "tanh_branch",
                    new DenseLayer.Builder().nIn(2).nOut(8).activation(Activation.TANH).build(),
                    "in")
                .addVertex("merge", new MergeVertex(), "relu_branch", "tanh_branch")
                .addLayer(
                    "mix",
                    new DenseLayer.Builder()
                        .nIn(24)
                        .nOut(12)
                        .activation(Activation.IDENTITY)
                        .build(),
                    "merge")
                .addLayer("mix_prelu", new PReLULayer.Builder().inputShape(12).build(), "mix")
                .addLayer(
                    "out",
                    new OutputLayer.Builder(LossFunction.MCXENT)
                        .nIn(12)
                        .nOut(Spirals.CLASSES)
                        .activation(Activation.SOFTMAX)
                        .build(),
                    "mix_prelu")
                .setOutputs("out")
                .build());
    graph.init();
    return graph;
  }

  @Test
  void reportsEachLayerWithItsKindInGraphOrder() {
    ComputationGraph graph = graph();
    DataSet batch = Spirals.generate(48, 5);
    INDArray expectedOut = graph.outputSingle(batch.getFeatures());
    INDArray expectedPrelu = graph.feedForward(batch.getFeatures(), true).get("mix_prelu");
    CollectingSink sink = new CollectingSink();
    NeuronwatchAgent agent =
        NeuronwatchAgent.start(
            AgentConfig.builder().run("dl4j-graph").sampleEvery(1).sink(sink).build());
    try {
      graph.addListeners(new NeuronwatchTrainingListener(agent));
      graph.fit(batch);
      graph.fit(batch);
    } finally {
      agent.close();
    }

    assertThat(sink.steps()).containsExactly(0L, 1L);
    StepSample first = sink.samples().get(0);
    assertThat(first.layers())
        .extracting(LayerSample::name, LayerSample::activation, LayerSample::units)
        .containsExactlyInAnyOrder(
            tuple("relu_branch", ActivationKind.RELU, 16),
            tuple("tanh_branch", ActivationKind.TANH, 8),
            tuple("mix", ActivationKind.PRELU, 12),
            tuple("out", ActivationKind.SOFTMAX, Spirals.CLASSES));
    assertThat(first.layers())
        .filteredOn(l -> l.name().equals("out"))
        .singleElement()
        .satisfies(l -> assertThat(l.depth()).isEqualTo(3));
    LayerSample out = sink.layer(0, "out");
    assertThat(out.output().mean()).isCloseTo(expectedOut.meanNumber().doubleValue(), within(1e-5));
    assertThat(out.output().max()).isCloseTo(expectedOut.maxNumber().doubleValue(), within(1e-5));
    LayerSample mix = sink.layer(0, "mix");
    assertThat(mix.output().mean())
        .isCloseTo(expectedPrelu.meanNumber().doubleValue(), within(1e-5));
    assertThat(mix.gradient()).isNotNull();
    assertThat(mix.updateRatio()).isPositive();
  }
}
