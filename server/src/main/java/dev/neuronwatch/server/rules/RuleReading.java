package dev.neuronwatch.server.rules;

import dev.neuronwatch.protocol.NonFiniteOrigin;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What one rule read from one layer (or the run, layer {@code ""}) of one sample: its {@link
 * Verdict}, the quantity that decided it ({@code value}) with the threshold it was compared with, a
 * sentence for people naming both, and, for non-finite values, where they started.
 *
 * <p>The sentence is built only when asked for ({@link #summary()}): the evaluator needs it only
 * for layers that have an alert, and formatting it for every reading of every layer was half of the
 * server's ingest CPU.
 *
 * <pre>{@code
 * RuleReading reading = new RuleReading("dense_1", Verdict.FIRE, 0.71, 0.5,
 *     () -> "71% of the units of dense_1 are dead (fires above 50%, clears below 40%)", null);
 * }</pre>
 */
public record RuleReading(
    String layer,
    Verdict verdict,
    double value,
    double threshold,
    Supplier<String> describe,
    NonFiniteOrigin origin) {

  public RuleReading {
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(describe, "describe");
  }

  /** A reading whose sentence is already made, without an origin. */
  public RuleReading(
      String layer, Verdict verdict, double value, double threshold, String summary) {
    this(
        layer,
        verdict,
        value,
        threshold,
        constant(Objects.requireNonNull(summary, "summary")),
        null);
  }

  private static Supplier<String> constant(String summary) {
    return () -> summary;
  }

  /** Whether the condition holds (the verdict is FIRE). */
  public boolean holds() {
    return verdict == Verdict.FIRE;
  }

  /** The sentence for people, built now. */
  public String summary() {
    return describe.get();
  }
}
