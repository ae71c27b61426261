package dev.neuronwatch.cli;

import java.util.Map;

/**
 * Maps the configuration field a builder names in its error message ({@code "width must be >= 1,
 * was 0"}) to the command-line flag that set it, so that the error names what the user typed.
 */
final class FlagNames {
  private static final Map<String, String> FLAG_OF_FIELD =
      Map.of("host", "--host", "port", "--port");

  private FlagNames() {}

  /** The flag of the field {@code message} starts with, or {@code fallback}. */
  static String forMessage(String message, String fallback) {
    if (message == null) {
      return fallback;
    }
    int end = 0;
    while (end < message.length() && Character.isJavaIdentifierPart(message.charAt(end))) {
      end++;
    }
    return FLAG_OF_FIELD.getOrDefault(message.substring(0, end), fallback);
  }
}
