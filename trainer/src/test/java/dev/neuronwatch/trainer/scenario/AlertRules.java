package dev.neuronwatch.trainer.scenario;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.StepSample;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The server's five alert conditions, evaluated on one sampled step, so that the scenarios can be
 * checked against exactly what the server will see. Stateful only for the exploding rule, which
 * compares with each layer's first sample.
 *
 * <pre>{@code
 * int run = AlertRules.longestRun(samples, AlertRules::dyingRelu);
 * }</pre>
 */
final class AlertRules {
  private AlertRules() {}

  /** The most consecutive samples for which {@code condition} holds. */
  static int longestRun(List<StepSample> samples, Predicate<StepSample> condition) {
    int best = 0;
    int run = 0;
    for (StepSample sample : samples) {
      run = condition.test(sample) ? run + 1 : 0;
      best = Math.max(best, run);
    }
    return best;
  }

  static boolean dyingRelu(StepSample sample) {
    return sample.layers().stream()
        .anyMatch(l -> l.activation().isReluFamily() && l.deadFraction() > 0.5);
  }

  static boolean vanishingGradient(StepSample sample) {
    List<LayerSample> layers = sample.layers();
    double deepest = deepest(sample).gradient().weightNorm();
    for (int i = 0; i < layers.size() - 1; i++) {
      double norm = layers.get(i).gradient().weightNorm();
      if (norm / deepest < 1e-3 || layers.get(i).gradient().weightMeanAbs() < 1e-7) {
        return true;
      }
    }
    return false;
  }

  static boolean saturation(StepSample sample) {
    List<LayerSample> layers = sample.layers();
    for (int i = 0; i < layers.size() - 1; i++) {
      ActivationKind kind = layers.get(i).activation();
      if ((kind == ActivationKind.SIGMOID || kind == ActivationKind.TANH)
          && layers.get(i).saturationFraction() > 0.5) {
        return true;
      }
    }
    return false;
  }

  static boolean nonFinite(StepSample sample) {
    return sample.lossNonFinite() || sample.layers().stream().anyMatch(l -> l.nonFiniteCount() > 0);
  }

  /** Depth ratio of the largest layer gradient to the deepest one's. */
  static double maxDepthRatio(StepSample sample) {
    double deepest = deepest(sample).gradient().weightNorm();
    return sample.layers().stream()
        .mapToDouble(l -> l.gradient().weightNorm() / deepest)
        .max()
        .orElse(0);
  }

  /** Depth ratio of the smallest non-deepest layer gradient to the deepest one's. */
  static double minDepthRatio(StepSample sample) {
    List<LayerSample> layers = sample.layers();
    double deepest = deepest(sample).gradient().weightNorm();
    return layers.subList(0, layers.size() - 1).stream()
        .mapToDouble(l -> l.gradient().weightNorm() / deepest)
        .min()
        .orElse(1);
  }

  private static LayerSample deepest(StepSample sample) {
    return sample.layers().get(sample.layers().size() - 1);
  }

  /** The exploding-gradient rule: growth over a layer's first sample, or across depth. */
  static final class Exploding implements Predicate<StepSample> {
    private final Map<String, Double> first = new HashMap<>();

    @Override
    public boolean test(StepSample sample) {
      boolean fires = maxDepthRatio(sample) > 1e3;
      for (LayerSample layer : sample.layers()) {
        double norm = layer.gradient().weightNorm();
        first.putIfAbsent(layer.name(), norm);
        fires |= norm > 100 * first.get(layer.name());
      }
      return fires;
    }

    /** The largest growth of any layer over its first sample, for a finite sample. */
    double maxGrowth(StepSample sample) {
      return sample.layers().stream()
          .mapToDouble(l -> l.gradient().weightNorm() / first.get(l.name()))
          .max()
          .orElse(0);
    }
  }
}
