package dev.neuronwatch.server.rules;

import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.NonFiniteOrigin;
import dev.neuronwatch.protocol.StepSample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Finds where non-finite values start within one sample, in the order a training step computes
 * them: layer outputs in forward order (shallowest first), the loss, gradients in backward order
 * (deepest first), then the last update and the weights in forward order. The first place that
 * holds a NaN or Inf is the origin; everything after it may be its consequence.
 *
 * <pre>{@code
 * NonFiniteOrigin origin = NonFiniteOrigins.find(sample); // null when the sample is clean
 * }</pre>
 */
public final class NonFiniteOrigins {
  public static final String OUTPUT = "output";
  public static final String LOSS = "loss";
  public static final String GRADIENT = "gradient";
  public static final String UPDATE = "update";
  public static final String WEIGHTS = "weights";

  private static final Comparator<LayerSample> FORWARD =
      Comparator.comparingInt(LayerSample::depth);

  private NonFiniteOrigins() {}

  /** The first non-finite place of {@code sample}, or null when it has none. */
  public static NonFiniteOrigin find(StepSample sample) {
    List<LayerSample> forward = sample.layers().stream().sorted(FORWARD).toList();
    List<LayerSample> backward = new ArrayList<>(forward);
    Collections.reverse(backward);
    long step = sample.step();
    NonFiniteOrigin found = first(forward, l -> l.output().nonFiniteCount() > 0, OUTPUT, step);
    if (found == null && sample.lossNonFinite()) {
      found = new NonFiniteOrigin("", LOSS, step);
    }
    if (found == null) {
      found =
          first(
              backward,
              l -> l.gradient() != null && l.gradient().nonFiniteCount() > 0,
              GRADIENT,
              step);
    }
    if (found == null) {
      found = first(forward, l -> positive(l.updateNonFinite()), UPDATE, step);
    }
    if (found == null) {
      found = first(forward, l -> positive(l.weightNonFinite()), WEIGHTS, step);
    }
    return found;
  }

  private static NonFiniteOrigin first(
      List<LayerSample> layers, Predicate<LayerSample> holds, String tensor, long step) {
    for (LayerSample layer : layers) {
      if (holds.test(layer)) {
        return new NonFiniteOrigin(layer.name(), tensor, step);
      }
    }
    return null;
  }

  private static boolean positive(Long count) {
    return count != null && count > 0;
  }
}
