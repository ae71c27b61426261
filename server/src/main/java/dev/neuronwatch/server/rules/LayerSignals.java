package dev.neuronwatch.server.rules;

import dev.neuronwatch.protocol.LayerSample;
import java.util.Objects;

/**
 * One layer of one sample with what the rules and metrics derive from the sample and the run's
 * history.
 *
 * <p>{@code depthRatio} is this layer's weight-gradient norm over the deepest layer's in the same
 * sample, absent when either has no gradient or the deepest norm is 0. {@code growthRatio} is the
 * norm over the layer's recent baseline: the median over time of its norms in the steps before this
 * sample, floored at a share of its early scale (see {@link GradientHistory}), absent while there
 * are too few or that median is 0. A gradient with NaN or Inf elements yields no ratios. {@code
 * decayRatio} is the norm over the largest norm the layer had so far in the run (this sample
 * included), absent while that is 0. {@code growing} says the norm is at least the layer's previous
 * usable norm (true for its first). Ratios beyond the double range read {@link Double#MAX_VALUE},
 * never infinity.
 *
 * <pre>{@code
 * LayerSignals signals = new LayerSignals(layer, false, 2e-4, 1.1, 0.9);
 * }</pre>
 */
public record LayerSignals(
    LayerSample layer,
    boolean deepest,
    Double depthRatio,
    Double growthRatio,
    Double decayRatio,
    boolean growing) {

  public LayerSignals {
    Objects.requireNonNull(layer, "layer");
  }

  /** Signals with {@code growing} true: no earlier norm to compare with. */
  public LayerSignals(
      LayerSample layer,
      boolean deepest,
      Double depthRatio,
      Double growthRatio,
      Double decayRatio) {
    this(layer, deepest, depthRatio, growthRatio, decayRatio, true);
  }

  /** Whether the layer carries a gradient whose norms mean something: present and all finite. */
  public static boolean hasUsableGradient(LayerSample layer) {
    return layer.gradient() != null && layer.gradient().nonFiniteCount() == 0;
  }

  /** Whether this layer's gradient is present and all finite; see {@link #hasUsableGradient}. */
  public boolean gradientUsable() {
    return hasUsableGradient(layer);
  }

  /** The layer's name. */
  public String name() {
    return layer.name();
  }
}
