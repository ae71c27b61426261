package dev.neuronwatch.server.rules;

import java.util.Objects;

/**
 * What one rule read from one layer (or the run, layer {@code ""}) of one sample: whether its
 * condition holds, the rule's quantity and a sentence for people.
 *
 * <pre>{@code
 * RuleReading reading =
 *     new RuleReading("dense_1", true, 0.71, "71% of the units of dense_1 are dead");
 * }</pre>
 */
public record RuleReading(String layer, boolean holds, double value, String summary) {

  public RuleReading {
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(summary, "summary");
  }
}
