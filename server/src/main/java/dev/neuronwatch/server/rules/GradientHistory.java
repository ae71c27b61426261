package dev.neuronwatch.server.rules;

import dev.neuronwatch.model.LayerSample;
import dev.neuronwatch.model.NonFiniteOrigin;
import dev.neuronwatch.model.StepSample;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the rules remember of one run: each layer's recent weight-gradient norms and its largest
 * norm so far, from which {@link #observe} derives the depth, growth and decay ratios of a sample,
 * and where non-finite values first appeared.
 *
 * <p>Growth is judged against a RECENT baseline: the median of the layer's last {@value
 * #BASELINE_NORMS} usable norms before this sample (from the second sample on: a run that blows up
 * in its first few samples must be caught), so a net whose first gradients were tiny and then
 * recovered does not read as exploding, and one that explodes late is measured against where it
 * was just before.
 *
 * <p>Not thread-safe: the owner of the run serialises calls (the store does, under the run's lock).
 * Samples must be observed in step order.
 *
 * <pre>{@code
 * GradientHistory history = new GradientHistory();
 * SampleSignals signals = history.observe("run-1", sample);
 * }</pre>
 */
public final class GradientHistory {
  /** How many recent norms the growth baseline takes the median of. */
  public static final int BASELINE_NORMS = 5;

  /** How many norms the baseline needs before growth is judged at all. */
  public static final int BASELINE_MIN_NORMS = 1;

  private final Map<String, Norms> norms = new HashMap<>();
  private NonFiniteOrigin origin;

  /** Derives the signals of {@code sample}, then records its norms. */
  public SampleSignals observe(String run, StepSample sample) {
    LayerSample deepest = deepest(sample.layers());
    Double deepestNorm =
        deepest == null || !LayerSignals.hasUsableGradient(deepest)
            ? null
            : deepest.gradient().weightNorm();
    List<LayerSignals> layers = new ArrayList<>(sample.layers().size());
    for (LayerSample layer : sample.layers()) {
      layers.add(signals(layer, layer == deepest, deepestNorm));
    }
    if (origin == null) {
      origin = NonFiniteOrigins.find(sample);
    }
    return new SampleSignals(run, sample, layers, origin);
  }

  private LayerSignals signals(LayerSample layer, boolean deepest, Double deepestNorm) {
    if (!LayerSignals.hasUsableGradient(layer)) {
      // Norms over the finite part of a gradient that holds NaN/Inf say nothing about its size:
      // they neither enter the history nor yield ratios (NeuronwatchNonFiniteValues covers it).
      return new LayerSignals(layer, deepest, null, null, null);
    }
    double norm = layer.gradient().weightNorm();
    Norms seen = norms.computeIfAbsent(layer.name(), name -> new Norms());
    Double baseline = seen.baseline();
    seen.add(norm);
    return new LayerSignals(
        layer,
        deepest,
        deepestNorm == null ? null : ratio(norm, deepestNorm),
        baseline == null ? null : ratio(norm, baseline),
        ratio(norm, seen.peak));
  }

  /** The layer with the largest depth; the first of them when several share it. */
  static LayerSample deepest(List<LayerSample> layers) {
    LayerSample deepest = null;
    for (LayerSample layer : layers) {
      if (deepest == null || layer.depth() > deepest.depth()) {
        deepest = layer;
      }
    }
    return deepest;
  }

  /** {@code value / reference}, absent for a zero reference, capped to stay finite. */
  static Double ratio(double value, double reference) {
    if (reference <= 0) {
      return null;
    }
    double ratio = value / reference;
    return Double.isFinite(ratio) ? ratio : Double.MAX_VALUE;
  }

  /** One layer's recent norms (oldest first) and its peak. */
  private static final class Norms {
    private final Deque<Double> recent = new ArrayDeque<>(BASELINE_NORMS);
    double peak;

    void add(double norm) {
      if (recent.size() == BASELINE_NORMS) {
        recent.removeFirst();
      }
      recent.addLast(norm);
      peak = Math.max(peak, norm);
    }

    /** The median of the recent norms, or null while there are too few. */
    Double baseline() {
      if (recent.size() < BASELINE_MIN_NORMS) {
        return null;
      }
      double[] values = recent.stream().mapToDouble(Double::doubleValue).toArray();
      Arrays.sort(values);
      int mid = values.length / 2;
      return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
  }
}
