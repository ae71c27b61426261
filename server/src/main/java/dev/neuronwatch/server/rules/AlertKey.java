package dev.neuronwatch.server.rules;

import java.util.Comparator;

/** Identifies one alert: a rule on one layer of one run ({@code ""} for the run itself). */
record AlertKey(String rule, String run, String layer) implements Comparable<AlertKey> {
  private static final Comparator<AlertKey> ORDER =
      Comparator.comparing(AlertKey::run)
          .thenComparing(AlertKey::rule)
          .thenComparing(AlertKey::layer);

  @Override
  public int compareTo(AlertKey other) {
    return ORDER.compare(this, other);
  }
}
