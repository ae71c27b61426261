package dev.neuronwatch.cli;

import java.util.Map;

/**
 * Maps the configuration field a builder names in its error message ({@code "width must be >= 1,
 * was 0"}) to the command-line flag that set it, so that the error names what the user typed.
 */
final class FlagNames {
  private static final Map<String, String> FLAG_OF_FIELD =
      Map.ofEntries(
          Map.entry("hiddenLayers", "--layers"),
          Map.entry("width", "--width"),
          Map.entry("activation", "--activation"),
          Map.entry("init", "--init"),
          Map.entry("initStd", "--init-std"),
          Map.entry("optimizer", "--optimizer"),
          Map.entry("learningRate", "--lr"),
          Map.entry("lrSchedule", "--lr-schedule"),
          Map.entry("lrPeriod", "--lr-period"),
          Map.entry("frozenLayer", "--freeze-layer"),
          Map.entry("momentum", "--momentum"),
          Map.entry("weightDecay", "--weight-decay"),
          Map.entry("dropout", "--dropout"),
          Map.entry("batchSize", "--batch"),
          Map.entry("steps", "--steps"),
          Map.entry("dataset", "--dataset"),
          Map.entry("seed", "--seed"),
          Map.entry("host", "--host"),
          Map.entry("port", "--port"));

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
