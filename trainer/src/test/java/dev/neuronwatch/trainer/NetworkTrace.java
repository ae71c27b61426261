package dev.neuronwatch.trainer;

import dev.neuronwatch.trainer.nn.Dense;
import dev.neuronwatch.trainer.nn.Network;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trains a configuration without an agent and records what the network itself did on every step:
 * the batch loss and the lowest hidden layer's weight-gradient norm over the output layer's.
 *
 * <pre>{@code
 * NetworkTrace trace = NetworkTrace.train(Scenario.LOSS_SPIKE.config());
 * double peak = trace.maxLoss(501, 600);
 * }</pre>
 */
final class NetworkTrace {
  private final List<Double> losses = new ArrayList<>();
  private final List<Double> depthRatios = new ArrayList<>();
  private TrainingResult result;
  private Network network;

  private NetworkTrace() {}

  static NetworkTrace train(TrainingConfig config) {
    NetworkTrace trace = new NetworkTrace();
    TrainingRun run =
        new TrainingRun(config, network -> trace::record, null, Trainer.DIVERGENCE_PATIENCE);
    trace.network = run.network();
    trace.result = run.run();
    return trace;
  }

  private void record(long step, Network network, int rows, double loss) {
    losses.add(loss);
    List<Dense> layers = network.layers();
    depthRatios.add(
        norm(layers.get(0).weights().gradient())
            / norm(layers.get(layers.size() - 1).weights().gradient()));
  }

  static double norm(float[] values) {
    double squares = 0;
    for (float v : values) {
      squares += (double) v * v;
    }
    return Math.sqrt(squares);
  }

  TrainingResult result() {
    return result;
  }

  Network network() {
    return network;
  }

  /** The batch loss of step {@code step} (from 1). */
  double loss(int step) {
    return losses.get(step - 1);
  }

  /** The largest batch loss of steps {@code from} to {@code to}, inclusive. */
  double maxLoss(int from, int to) {
    return losses.subList(from - 1, to).stream()
        .mapToDouble(Double::doubleValue)
        .max()
        .orElseThrow();
  }

  /** The first step from {@code from} on whose loss exceeds {@code level}, or -1. */
  int firstStepAbove(int from, double level) {
    for (int step = from; step <= losses.size(); step++) {
      if (loss(step) > level) {
        return step;
      }
    }
    return -1;
  }

  /** The median batch loss of steps {@code from} to {@code to}, inclusive. */
  double medianLoss(int from, int to) {
    return median(losses.subList(from - 1, to));
  }

  /** The median of dense_0's weight-gradient norm over the output layer's, steps from..to. */
  double medianDepthRatio(int from, int to) {
    return median(depthRatios.subList(from - 1, to));
  }

  /** The first step whose loss is NaN or infinite, or -1. */
  int firstNonFiniteStep() {
    for (int step = 1; step <= losses.size(); step++) {
      if (!Double.isFinite(loss(step))) {
        return step;
      }
    }
    return -1;
  }

  boolean allLossesFinite() {
    return losses.stream().allMatch(Double::isFinite);
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  }
}
