package dev.neuronwatch.detection;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.StepSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * When a pathology first shows, judged from an every-step record of the run ({@link ReferencePass})
 * with the benchmark's own thresholds, independent of the server's rules. Every definition reads
 * the network's measurements of each step in order and returns the first step that meets it.
 *
 * <pre>{@code
 * OptionalLong onset = Onset.DEAD_UNITS.find(trajectory.steps());
 * }</pre>
 */
public enum Onset {
  /** A hidden ReLU layer with more than half its units outputting exactly 0 for the whole batch. */
  DEAD_UNITS("first step where a hidden ReLU layer has > 50% units with output 0 for every row") {
    @Override
    boolean holds(StepSample step, Context context) {
      return hidden(step).stream()
          .anyMatch(
              l ->
                  l.activation() == ActivationKind.RELU
                      && l.deadFraction() != null
                      && l.deadFraction() > 0.5);
    }
  },
  /** A hidden layer's weight gradient below 1e-3 of the deepest layer's. */
  ATTENUATION("first step where a hidden layer's weight-gradient norm is < 1e-3 of the deepest's") {
    @Override
    boolean holds(StepSample step, Context context) {
      LayerSample deepest = deepest(step);
      if (deepest == null || deepest.gradient() == null) {
        return false;
      }
      double top = deepest.gradient().weightNorm();
      return top > 0
          && Double.isFinite(top)
          && hidden(step).stream()
              .anyMatch(l -> l.gradient() != null && l.gradient().weightNorm() < 1e-3 * top);
    }
  },
  /** Any layer's weight gradient 100 times its starting scale, or any non-finite value. */
  GRADIENT_GROWTH(
      "first step where a layer's weight-gradient norm exceeds 100x its median over steps 1-10, "
          + "or a loss or gradient is non-finite") {
    @Override
    boolean holds(StepSample step, Context context) {
      if (step.lossNonFinite()) {
        return true;
      }
      for (LayerSample layer : step.layers()) {
        if (layer.gradient() == null) {
          continue;
        }
        double norm = layer.gradient().weightNorm();
        if (layer.gradient().nonFiniteCount() > 0 || !Double.isFinite(norm)) {
          return true;
        }
        if (step.step() <= 10) {
          context.start(layer.name(), norm);
        } else if (norm > 100 * context.startScale(layer.name())) {
          return true;
        }
      }
      return false;
    }
  },
  /** A hidden sigmoid or tanh layer with more than half its outputs in the flat tails. */
  SATURATION("first step where a hidden sigmoid/tanh layer has > 50% outputs saturated") {
    @Override
    boolean holds(StepSample step, Context context) {
      return hidden(step).stream()
          .anyMatch(
              l ->
                  (l.activation() == ActivationKind.SIGMOID
                          || l.activation() == ActivationKind.TANH)
                      && l.saturationFraction() != null
                      && l.saturationFraction() > 0.5);
    }
  },
  /** A loss far above the robust level of the losses before it. */
  LOSS_SPIKE(
      "first step, after >= 32 finite losses, whose loss is non-finite or > 2x the median and > "
          + "median + 6 * 1.4826 * MAD of the previous (up to 128) losses") {
    @Override
    boolean holds(StepSample step, Context context) {
      boolean spike = context.isSpike(step);
      context.addLoss(step);
      return spike;
    }
  },
  /** One layer's weights stop changing while the others still update. */
  FROZEN_LAYER(
      "first step where a layer's update/weight ratio is < 1e-8 while another's is above") {
    @Override
    boolean holds(StepSample step, Context context) {
      boolean frozen = false;
      boolean moving = false;
      for (LayerSample layer : step.layers()) {
        if (layer.updateRatio() != null) {
          frozen |= layer.updateRatio() < 1e-8;
          moving |= layer.updateRatio() > 1e-8;
        }
      }
      return frozen && moving;
    }
  },
  /** The first non-finite loss. */
  NON_FINITE_LOSS("first step whose loss is NaN or infinite") {
    @Override
    boolean holds(StepSample step, Context context) {
      return step.lossNonFinite();
    }
  };

  private final String definition;

  Onset(String definition) {
    this.definition = definition;
  }

  /** The definition, in words, for the report. */
  public String definition() {
    return definition;
  }

  /** The first step of {@code steps} (in step order) that meets the definition. */
  public OptionalLong find(List<StepSample> steps) {
    Context context = new Context();
    for (StepSample step : steps) {
      if (holds(step, context)) {
        return OptionalLong.of(step.step());
      }
    }
    return OptionalLong.empty();
  }

  abstract boolean holds(StepSample step, Context context);

  private static LayerSample deepest(StepSample step) {
    LayerSample deepest = null;
    for (LayerSample layer : step.layers()) {
      if (deepest == null || layer.depth() > deepest.depth()) {
        deepest = layer;
      }
    }
    return deepest;
  }

  private static List<LayerSample> hidden(StepSample step) {
    LayerSample deepest = deepest(step);
    List<LayerSample> hidden = new ArrayList<>(step.layers());
    hidden.remove(deepest);
    return hidden;
  }

  /** State some definitions carry from step to step. */
  static final class Context {
    private static final int WINDOW = 128;
    private static final int MIN_COUNT = 32;
    private final Map<String, List<Double>> starts = new HashMap<>();
    private final double[] losses = new double[WINDOW];
    private int count;

    void start(String layer, double norm) {
      starts.computeIfAbsent(layer, k -> new ArrayList<>()).add(norm);
    }

    double startScale(String layer) {
      List<Double> norms = starts.get(layer);
      if (norms == null || norms.isEmpty()) {
        return Double.POSITIVE_INFINITY;
      }
      return Stats.median(norms);
    }

    boolean isSpike(StepSample step) {
      if (count < MIN_COUNT) {
        return false;
      }
      if (step.lossNonFinite()) {
        return true;
      }
      if (step.loss() == null) {
        return false;
      }
      double[] window = Arrays.copyOf(losses, Math.min(count, WINDOW));
      double median = Stats.median(window);
      double[] deviations = new double[window.length];
      for (int i = 0; i < window.length; i++) {
        deviations[i] = Math.abs(window[i] - median);
      }
      double mad = Stats.median(deviations);
      double loss = step.loss();
      return loss > 2 * median && loss > median + 6 * 1.4826 * mad;
    }

    void addLoss(StepSample step) {
      if (step.loss() != null) {
        losses[count % WINDOW] = step.loss();
        count++;
      }
    }
  }
}
