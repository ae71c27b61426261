package dev.neuronwatch.dl4j;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.NeuronwatchAgent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Training time per step with and without the listener, at sample-every 1 and 10, against a real
 * server in this JVM. Not part of the test suite (its name does not end in Test); run it with
 *
 * <pre>{@code
 * ./mvnw -pl integrations/dl4j -am verify -Dtest=ListenerOverheadBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * }</pre>
 *
 * The variants alternate within each round so that drifts of the machine hit them alike; the figure
 * is the median over the rounds of the mean time per step.
 */
class ListenerOverheadBenchmark {
  private static final int ROUNDS = 5;
  private static final int STEPS = 100;

  @Test
  void overheadPerStep() {
    Nd4j.getRandom().setSeed(1);
    StringBuilder report = new StringBuilder();
    try (LiveServer server = new LiveServer()) {
      report.append(measure(server, "784-256-256-10, batch 64", mlp(784, 256, 2, 10), 784, 10));
      report.append(measure(server, "2-64-64-64-3, batch 64", mlp(2, 64, 3, 3), 2, 3));
    }
    System.out.println(report);
  }

  private static String measure(
      LiveServer server, String label, MultiLayerNetwork network, int in, int out) {
    DataSet batch = new DataSet(Nd4j.rand(64, in), Nd4j.zeros(64, out).putScalar(0, 0, 1));
    for (int i = 0; i < 64; i++) {
      batch.getLabels().putScalar(i, i % out, 1);
    }
    int[] intervals = {0, 10, 1};
    double[][] perStep = new double[intervals.length][ROUNDS];
    timeSteps(network, batch, 0, server, STEPS); // warm-up
    for (int round = 0; round < ROUNDS; round++) {
      for (int v = 0; v < intervals.length; v++) {
        perStep[v][round] = timeSteps(network, batch, intervals[v], server, STEPS);
      }
    }
    double base = median(perStep[0]);
    StringBuilder line = new StringBuilder(label + ":");
    for (int v = 0; v < intervals.length; v++) {
      double ms = median(perStep[v]);
      line.append(
          String.format(
              Locale.ROOT,
              " %s %.3f ms/step (%+.1f%%);",
              intervals[v] == 0 ? "without" : "sampleEvery " + intervals[v],
              ms,
              100 * (ms - base) / base));
    }
    return line.append('\n').toString();
  }

  private static double timeSteps(
      MultiLayerNetwork network, DataSet batch, int sampleEvery, LiveServer server, int steps) {
    NeuronwatchAgent agent = null;
    if (sampleEvery > 0) {
      agent =
          NeuronwatchAgent.start(
              AgentConfig.builder()
                  .run("bench-" + System.nanoTime())
                  .serverUri(server.uri())
                  .sampleEvery(sampleEvery)
                  .build());
      network.setListeners(new NeuronwatchTrainingListener(agent));
    } else {
      network.setListeners(new ArrayList<>());
    }
    // Fresh agents see steps from 0 again: the network's iteration count restarts with them.
    network.setIterationCount(0);
    long start = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      network.fit(batch);
    }
    double ms = (System.nanoTime() - start) / 1e6 / steps;
    if (agent != null) {
      agent.close();
    }
    return ms;
  }

  private static MultiLayerNetwork mlp(int in, int width, int hidden, int out) {
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder()
            .seed(3)
            .weightInit(WeightInit.RELU)
            .updater(new Adam(1e-3))
            .list();
    int n = in;
    for (int i = 0; i < hidden; i++) {
      list.layer(new DenseLayer.Builder().nIn(n).nOut(width).activation(Activation.RELU).build());
      n = width;
    }
    list.layer(
        new OutputLayer.Builder(LossFunction.MCXENT)
            .nIn(n)
            .nOut(out)
            .activation(Activation.SOFTMAX)
            .build());
    MultiLayerNetwork network = new MultiLayerNetwork(list.build());
    network.init();
    return network;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
