package dev.neuronwatch.server.rules;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What one rule read from one layer (or the run, layer {@code ""}) of one sample: whether its
 * condition holds, the rule's quantity and a sentence for people.
 *
 * <p>The sentence is built only when asked for ({@link #summary()}): the evaluator needs it only
 * for layers that have an alert, and formatting it for every reading of every layer was half of
 * the server's ingest CPU.
 *
 * <pre>{@code
 * RuleReading reading =
 *     new RuleReading("dense_1", true, 0.71, "71% of the units of dense_1 are dead");
 * }</pre>
 */
public record RuleReading(String layer, boolean holds, double value, Supplier<String> describe) {

  public RuleReading {
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(describe, "describe");
  }

  /** A reading whose sentence is already made. */
  public RuleReading(String layer, boolean holds, double value, String summary) {
    this(layer, holds, value, constant(Objects.requireNonNull(summary, "summary")));
  }

  private static Supplier<String> constant(String summary) {
    return () -> summary;
  }

  /** The sentence for people, built now. */
  public String summary() {
    return describe.get();
  }
}
