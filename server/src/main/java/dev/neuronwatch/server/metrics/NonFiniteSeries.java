package dev.neuronwatch.server.metrics;

import java.nio.charset.StandardCharsets;

/**
 * The six series of {@code neuronwatch_layer_nonfinite_values} a layer has (labels kind, layer,
 * run, tensor): NaN and infinite values counted apart in outputs and gradients, together in weights
 * and the last update, whose counts the agent does not split.
 */
enum NonFiniteSeries {
  OUTPUT_NAN("output", "nan"),
  OUTPUT_INF("output", "inf"),
  GRADIENT_NAN("gradient", "nan"),
  GRADIENT_INF("gradient", "inf"),
  WEIGHTS("weights", "nan_or_inf"),
  UPDATE("update", "nan_or_inf");

  /** The family's name without {@code _total}, as client_java names a counter family. */
  static final String FAMILY = "neuronwatch_layer_nonfinite_values";

  static final String HELP =
      "NaN and infinite values seen in sampled outputs, gradients, weights, updates";

  private final byte[] before;
  private final byte[] after;

  NonFiniteSeries(String tensor, String kind) {
    // Labels sorted by name: kind, then the layer's layer and run, then tensor.
    this.before = ascii(FAMILY + "_total{kind=\"" + kind + "\",");
    this.after = ascii(",tensor=\"" + tensor + "\"} ");
  }

  /** The sample line up to the layer's labels: name, brace and the kind label. */
  byte[] before() {
    return before;
  }

  /** The sample line after the layer's labels: the tensor label, brace and space. */
  byte[] after() {
    return after;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
