package dev.neuronwatch.deploy;

import java.util.Set;
import java.util.TreeSet;

/**
 * The series names in a Prometheus text-format scrape, as PromQL sees them: counters with their
 * {@code _total}, the time gauge with its {@code _seconds}. Comment lines ({@code # HELP}, {@code #
 * TYPE}, {@code # EOF}) are not series.
 *
 * <pre>{@code
 * Set<String> names = ScrapeNames.of(JsonHttp.text(server.resolve("/metrics")));
 * }</pre>
 */
final class ScrapeNames {
  private ScrapeNames() {}

  static Set<String> of(String scrape) {
    Set<String> names = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      String sample = line.strip();
      if (sample.isEmpty() || sample.startsWith("#")) {
        continue;
      }
      int end = 0;
      while (end < sample.length() && isNameChar(sample.charAt(end), end == 0)) {
        end++;
      }
      if (end == 0) {
        throw new IllegalArgumentException("not a sample line: " + line);
      }
      names.add(sample.substring(0, end));
    }
    return names;
  }

  private static boolean isNameChar(char c, boolean first) {
    return c == '_'
        || c == ':'
        || (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (!first && c >= '0' && c <= '9');
  }
}
