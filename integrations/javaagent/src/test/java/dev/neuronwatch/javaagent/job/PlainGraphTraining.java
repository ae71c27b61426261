package dev.neuronwatch.javaagent.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * An ordinary Deeplearning4j program with its own Jackson that knows nothing of Neuronwatch: it
 * trains a 3 x 64 ReLU {@code ComputationGraph} on three spirals with SGD lr 0.3 and momentum 0.9
 * (a recipe that kills most ReLU units), then the same layers as a {@code MultiLayerNetwork} with
 * Adam 1e-3 (healthy), and prints its results as JSON written with its own Jackson, whose version
 * it names. Argument: the steps of each network.
 */
public final class PlainGraphTraining {
  private PlainGraphTraining() {}

  public static void main(String[] args) throws Exception {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    List<DataSet> batches = spirals(2048).batchBy(64);
    ComputationGraph graph = graph(new Nesterovs(0.3, 0.9));
    for (int step = 0; step < steps; step++) {
      graph.fit(batches.get(step % batches.size()));
    }
    MultiLayerNetwork healthy = multiLayer(new Adam(1e-3));
    for (int step = 0; step < steps; step++) {
      healthy.fit(batches.get(step % batches.size()));
    }
    ObjectMapper json = new ObjectMapper();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("steps", steps);
    result.put("graphScore", graph.score());
    result.put("multiLayerScore", healthy.score());
    System.out.println("jackson " + json.version() + " " + json.writeValueAsString(result));
  }

  private static ComputationGraph graph(IUpdater updater) {
    ComputationGraphConfiguration.GraphBuilder builder =
        new NeuralNetConfiguration.Builder()
            .seed(42)
            .weightInit(WeightInit.RELU)
            .updater(updater)
            .graphBuilder()
            .addInputs("in");
    String previous = "in";
    int in = 2;
    for (int i = 0; i < 3; i++) {
      builder.addLayer(
          "dense" + i,
          new DenseLayer.Builder().nIn(in).nOut(64).activation(Activation.RELU).build(),
          previous);
      previous = "dense" + i;
      in = 64;
    }
    builder
        .addLayer(
            "out",
            new OutputLayer.Builder(LossFunction.MCXENT)
                .nIn(64)
                .nOut(3)
                .activation(Activation.SOFTMAX)
                .build(),
            previous)
        .setOutputs("out");
    ComputationGraph graph = new ComputationGraph(builder.build());
    graph.init();
    return graph;
  }

  private static MultiLayerNetwork multiLayer(IUpdater updater) {
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder()
            .seed(42)
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
            .nOut(3)
            .activation(Activation.SOFTMAX)
            .build());
    MultiLayerNetwork network = new MultiLayerNetwork(list.build());
    network.init();
    return network;
  }

  private static DataSet spirals(int rows) {
    SplittableRandom random = new SplittableRandom(42);
    float[][] x = new float[rows][2];
    float[][] y = new float[rows][3];
    for (int i = 0; i < rows; i++) {
      int c = i % 3;
      double r = random.nextDouble();
      double angle = 2 * Math.PI * c / 3 + 4 * r + 0.2 * r * random.nextGaussian();
      x[i][0] = (float) (r * Math.sin(angle));
      x[i][1] = (float) (r * Math.cos(angle));
      y[i][c] = 1;
    }
    DataSet data = new DataSet(Nd4j.create(x), Nd4j.create(y));
    data.shuffle(42);
    return data;
  }
}
