package dev.neuronwatch.server.rules;

import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.NonFiniteOrigin;
import dev.neuronwatch.protocol.StepSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the rules remember of one run: each layer's recent weight-gradient norms and its largest
 * norm so far, from which {@link #observe} derives the depth, growth and decay ratios of a sample,
 * and where non-finite values first appeared.
 *
 * <p>Growth is judged against a RECENT baseline: the median over time of the layer's usable norm in
 * the {@value #BASELINE_STEPS} steps before this sample, each sample standing for the steps since
 * the one before it (from the second sample on: a run that blows up in its first few samples must
 * be caught). So the baseline is the norm the layer had for half of those steps whatever the
 * sampling rate, and dense sampling after an anomaly (the agent's burst) does not pull it up to the
 * explosion itself; a net whose first gradients were tiny and then recovered does not read as
 * exploding, and one that explodes late is measured against where it was just before. The baseline
 * is floored at {@value #EARLY_SCALE_FLOOR} of the layer's early scale (the median of its first
 * {@value #EARLY_NORMS} usable norms): a converged layer's norm is tiny and scatters from one
 * minibatch to the next, and a hundredfold jump that stays far below where training started is
 * noise, not an explosion. With the default growth threshold of 100 the ratio fires only for a norm
 * both 100 times its recent median and above its early scale.
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
  /** How many steps back the growth baseline reaches. */
  public static final int BASELINE_STEPS = 50;

  /** How many of a layer's first norms make its early scale. */
  public static final int EARLY_NORMS = 5;

  /** The growth baseline is at least this share of the layer's early scale. */
  public static final double EARLY_SCALE_FLOOR = 0.1;

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
      layers.add(signals(sample.step(), layer, layer == deepest, deepestNorm));
    }
    if (origin == null) {
      origin = NonFiniteOrigins.find(sample);
    }
    return new SampleSignals(run, sample, layers, origin);
  }

  private LayerSignals signals(long step, LayerSample layer, boolean deepest, Double deepestNorm) {
    if (!LayerSignals.hasUsableGradient(layer)) {
      // Norms over the finite part of a gradient that holds NaN/Inf say nothing about its size:
      // they neither enter the history nor yield ratios (NeuronwatchNonFiniteValues covers it).
      return new LayerSignals(layer, deepest, null, null, null);
    }
    double norm = layer.gradient().weightNorm();
    Norms seen = norms.computeIfAbsent(layer.name(), name -> new Norms());
    Double baseline = seen.baseline(step);
    boolean growing = seen.size == 0 || norm >= seen.last();
    seen.add(step, norm);
    return new LayerSignals(
        layer,
        deepest,
        deepestNorm == null ? null : ratio(norm, deepestNorm),
        baseline == null ? null : ratio(norm, baseline),
        ratio(norm, seen.peak),
        growing);
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

  /** One layer's norms of the last {@value #BASELINE_STEPS} steps, its early scale and its peak. */
  private static final class Norms {
    // A ring of (step, norm), oldest at head: steps increase, so at most BASELINE_STEPS + 1 fit.
    private final long[] steps = new long[BASELINE_STEPS + 1];
    private final double[] values = new double[BASELINE_STEPS + 1];
    private int head;
    private int size;
    private long droppedStep = Long.MIN_VALUE;
    private final double[] early = new double[EARLY_NORMS];
    private int earlyCount;
    double peak;

    void add(long step, double norm) {
      if (size == steps.length) {
        drop();
      }
      int at = (head + size) % steps.length;
      steps[at] = step;
      values[at] = norm;
      size++;
      if (earlyCount < EARLY_NORMS) {
        early[earlyCount++] = norm;
      }
      peak = Math.max(peak, norm);
    }

    /** The latest norm; only when {@code size > 0}. */
    double last() {
      return values[(head + size - 1) % values.length];
    }

    private void drop() {
      droppedStep = steps[head];
      head = (head + 1) % steps.length;
      size--;
    }

    /**
     * The median over time of the norms sampled in the {@value #BASELINE_STEPS} steps before {@code
     * step}, floored at {@value #EARLY_SCALE_FLOOR} of the early scale; null when there is none.
     */
    Double baseline(long step) {
      long windowStart = step - BASELINE_STEPS;
      while (size > 0 && steps[head] < windowStart) {
        drop();
      }
      if (size == 0) {
        return null;
      }
      double[][] weighted = new double[size][];
      // Steps count from 0 or 1: the first sample of a run stands for the steps up to it.
      long previous = Math.max(droppedStep, Math.max(windowStart - 1, 0));
      for (int i = 0; i < size; i++) {
        int at = (head + i) % steps.length;
        weighted[i] = new double[] {values[at], steps[at] - previous};
        previous = steps[at];
      }
      double floor = EARLY_SCALE_FLOOR * median(Arrays.copyOf(early, earlyCount));
      return Math.max(weightedMedian(weighted), floor);
    }

    /** The value below which half the total weight lies; rows are {value, weight}. */
    private static double weightedMedian(double[][] rows) {
      Arrays.sort(rows, (a, b) -> Double.compare(a[0], b[0]));
      double total = 0;
      for (double[] row : rows) {
        total += row[1];
      }
      double seen = 0;
      for (double[] row : rows) {
        seen += row[1];
        if (seen >= total / 2) {
          return row[0];
        }
      }
      return rows[rows.length - 1][0];
    }

    private static double median(double[] values) {
      Arrays.sort(values);
      int mid = values.length / 2;
      return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
  }
}
