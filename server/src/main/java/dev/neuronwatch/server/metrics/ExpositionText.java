package dev.neuronwatch.server.metrics;

/**
 * Escaping for the text formats, as the exposition formats define it and client_java writes it: a
 * label value escapes backslash, double quote and line feed ({@code \\}, {@code \"}, {@code \n});
 * HELP text escapes backslash and line feed in the Prometheus text format, and the double quote as
 * well in OpenMetrics.
 *
 * <pre>{@code
 * String value = ExpositionText.labelValue("a\"b"); // a\"b with the quote escaped
 * }</pre>
 */
final class ExpositionText {
  private ExpositionText() {}

  static String labelValue(String value) {
    return escape(value, true);
  }

  static String prometheusHelp(String help) {
    return escape(help, false);
  }

  static String openMetricsHelp(String help) {
    return escape(help, true);
  }

  private static String escape(String text, boolean quote) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String escaped =
          switch (c) {
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '"' -> quote ? "\\\"" : null;
            default -> null;
          };
      if (escaped != null && out == null) {
        out = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (out != null) {
        if (escaped != null) {
          out.append(escaped);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }
}
