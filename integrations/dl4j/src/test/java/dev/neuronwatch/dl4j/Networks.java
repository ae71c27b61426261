package dev.neuronwatch.dl4j;

import java.util.List;
import java.util.function.Consumer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** The networks the tests train. */
final class Networks {
  private Networks() {}

  /**
   * The reference network's spirals MLP: 3 x 64 ReLU, He normal, softmax output. With {@link
   * #dyingUpdater()} it is the {@code dying-relu} scenario, with {@link #healthyUpdater()} the
   * {@code healthy} one.
   */
  static MultiLayerNetwork spiralsMlp(IUpdater updater, long seed) {
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .weightInit(WeightInit.RELU)
            .updater(updater)
            .list();
    int in = 2;
    for (int i = 0; i < 3; i++) {
      list.layer(new DenseLayer.Builder().nIn(in).nOut(64).activation(Activation.RELU).build());
      in = 64;
    }
    list.layer(
        new OutputLayer.Builder(LossFunction.MCXENT)
            .nIn(64)
            .nOut(Spirals.CLASSES)
            .activation(Activation.SOFTMAX)
            .build());
    MultiLayerNetwork network = new MultiLayerNetwork(list.build());
    network.init();
    return network;
  }

  /**
   * The same 3 x 64 ReLU spirals MLP as a {@link ComputationGraph} ({@code in -> dense0 -> dense1
   * -> dense2 -> out}), so that the graph's callbacks are the ones that feed the listener.
   */
  static ComputationGraph spiralsGraph(IUpdater updater, long seed) {
    ComputationGraphConfiguration.GraphBuilder graph =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .weightInit(WeightInit.RELU)
            .updater(updater)
            .graphBuilder()
            .addInputs("in");
    String previous = "in";
    int in = 2;
    for (int i = 0; i < 3; i++) {
      String name = "dense" + i;
      graph.addLayer(
          name,
          new DenseLayer.Builder().nIn(in).nOut(64).activation(Activation.RELU).build(),
          previous);
      previous = name;
      in = 64;
    }
    graph
        .addLayer(
            "out",
            new OutputLayer.Builder(LossFunction.MCXENT)
                .nIn(64)
                .nOut(Spirals.CLASSES)
                .activation(Activation.SOFTMAX)
                .build(),
            previous)
        .setOutputs("out");
    ComputationGraph network = new ComputationGraph(graph.build());
    network.init();
    return network;
  }

  /** SGD with (Nesterov) momentum 0.9 at lr 0.3: oversized steps that kill ReLU units. */
  static IUpdater dyingUpdater() {
    return new Nesterovs(0.3, 0.9);
  }

  static IUpdater healthyUpdater() {
    return new Adam(1e-3);
  }

  /** A small convnet on 1 x 6 x 6 images: conv (4 ReLU channels), max pooling, dense, output. */
  static MultiLayerNetwork convnet(IUpdater updater, long seed) {
    MultiLayerNetwork network =
        new MultiLayerNetwork(
            new NeuralNetConfiguration.Builder()
                .seed(seed)
                .weightInit(WeightInit.RELU)
                .updater(updater)
                .list()
                .layer(
                    new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.TANH).build())
                .layer(
                    new OutputLayer.Builder(LossFunction.MCXENT)
                        .nOut(2)
                        .activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.convolutional(6, 6, 1))
                .build());
    network.init();
    return network;
  }

  /** Trains {@code steps} minibatches of {@code batch} rows, cycling through {@code data}. */
  static void train(MultiLayerNetwork network, DataSet data, int batch, int steps) {
    train(network::fit, data, batch, steps);
  }

  /** As {@link #train(MultiLayerNetwork, DataSet, int, int)}, for a graph. */
  static void train(ComputationGraph network, DataSet data, int batch, int steps) {
    train(network::fit, data, batch, steps);
  }

  private static void train(Consumer<DataSet> fit, DataSet data, int batch, int steps) {
    List<DataSet> batches = data.batchBy(batch);
    for (int step = 0; step < steps; step++) {
      fit.accept(batches.get(step % batches.size()));
    }
  }
}
