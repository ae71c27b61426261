package dev.neuronwatch.javaagent.job;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * An ordinary Deeplearning4j training program that knows nothing of Neuronwatch: a 3 x 64 ReLU MLP
 * on three spirals with SGD lr 0.3 and momentum 0.9, a recipe that kills most ReLU units. It sets
 * its own listeners after {@code init()}, as many programs do. Argument: the steps.
 */
public final class PlainTraining {
  private PlainTraining() {}

  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder()
            .seed(42)
            .weightInit(WeightInit.RELU)
            .updater(new Nesterovs(0.3, 0.9))
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
    network.setListeners(new ScoreIterationListener(100));

    List<DataSet> batches = spirals(2048).batchBy(64);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long started = System.nanoTime();
    long startedCpu = threads.getCurrentThreadCpuTime();
    for (int step = 0; step < steps; step++) {
      network.fit(batches.get(step % batches.size()));
    }
    long micros = (System.nanoTime() - started) / 1000;
    long cpuMicros = (threads.getCurrentThreadCpuTime() - startedCpu) / 1000;
    System.out.println(
        "trained "
            + steps
            + " steps, score "
            + network.score()
            + ", training "
            + micros
            + " us, thread cpu "
            + cpuMicros
            + " us");
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
