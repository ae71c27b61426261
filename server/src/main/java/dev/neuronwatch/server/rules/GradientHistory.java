package dev.neuronwatch.server.rules;

import dev.neuronwatch.model.GradientSummary;
import dev.neuronwatch.model.LayerSample;
import dev.neuronwatch.model.StepSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The weight-gradient history of one run's layers: each layer's first norm and its largest norm so
 * far, from which {@link #observe} derives the depth, growth and decay ratios of a sample.
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
  private final Map<String, Norms> norms = new HashMap<>();

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
    return new SampleSignals(run, sample, layers);
  }

  private LayerSignals signals(LayerSample layer, boolean deepest, Double deepestNorm) {
    GradientSummary gradient = layer.gradient();
    if (!LayerSignals.hasUsableGradient(layer)) {
      // Norms over the finite part of a gradient that holds NaN/Inf say nothing about its size:
      // they neither enter the history nor yield ratios (NeuronwatchNonFiniteValues covers it).
      return new LayerSignals(layer, deepest, null, null, null);
    }
    double norm = gradient.weightNorm();
    Norms seen = norms.computeIfAbsent(layer.name(), name -> new Norms(norm));
    seen.peak = Math.max(seen.peak, norm);
    return new LayerSignals(
        layer,
        deepest,
        deepestNorm == null ? null : ratio(norm, deepestNorm),
        ratio(norm, seen.first),
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

  private static final class Norms {
    final double first;
    double peak;

    Norms(double first) {
      this.first = first;
      this.peak = first;
    }
  }
}
