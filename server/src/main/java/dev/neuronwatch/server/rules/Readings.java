package dev.neuronwatch.server.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** Shared plumbing of the per-layer rules. */
final class Readings {
  private Readings() {}

  static List<RuleReading> perLayer(
      SampleSignals sample, Function<LayerSignals, Optional<RuleReading>> rule) {
    List<RuleReading> readings = new ArrayList<>(sample.layers().size());
    for (LayerSignals layer : sample.layers()) {
      rule.apply(layer).ifPresent(readings::add);
    }
    return readings;
  }

  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
  }

  static String number(double value) {
    return String.format(Locale.ROOT, "%.3g", value);
  }

  /** "(fires above 50%, clears below 40%)" for a quantity that alerts when high. */
  static String aboveThresholds(String fire, String clear) {
    return "(fires above " + fire + ", clears below " + clear + ")";
  }

  /** "(fires below 1e-3, clears above 3e-3)" for a quantity that alerts when low. */
  static String belowThresholds(String fire, String clear) {
    return "(fires below " + fire + ", clears above " + clear + ")";
  }
}
