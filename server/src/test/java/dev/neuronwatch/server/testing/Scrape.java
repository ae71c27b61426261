package dev.neuronwatch.server.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed Prometheus text or OpenMetrics scrape: the training series ({@code neuronwatch_*}) by
 * series (name and labels exactly as written), comments and {@code # EOF} dropped. The server's own
 * health series (JVM, process, HTTP requests) are left out: they change with every request, and
 * ServerHealthMetricsTest checks them.
 *
 * <pre>{@code
 * Scrape scrape = Scrape.parse(body);
 * assertThat(scrape.value("neuronwatch_runs")).contains(1.0);
 * }</pre>
 */
public final class Scrape {
  private final Map<String, Double> series;

  private Scrape(Map<String, Double> series) {
    this.series = series;
  }

  public static Scrape parse(String body) {
    Map<String, Double> series = new LinkedHashMap<>();
    for (String line : body.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (!line.startsWith("neuronwatch_")) {
        continue;
      }
      int split = line.lastIndexOf(' ');
      series.put(line.substring(0, split), Double.parseDouble(line.substring(split + 1)));
    }
    return new Scrape(series);
  }

  /** The value of one series, e.g. {@code neuronwatch_runs} or {@code x{run="a"}}. */
  public Optional<Double> value(String seriesText) {
    return Optional.ofNullable(series.get(seriesText));
  }

  /** Every series whose name (before any label) is {@code name}. */
  public Map<String, Double> family(String name) {
    Map<String, Double> family = new LinkedHashMap<>();
    series.forEach(
        (text, value) -> {
          if (text.equals(name) || text.startsWith(name + "{")) {
            family.put(text, value);
          }
        });
    return family;
  }

  /** All series, in scrape order. */
  public Map<String, Double> all() {
    return series;
  }

  /** The series minus those of the named families. */
  public Map<String, Double> without(List<String> names) {
    Map<String, Double> rest = new LinkedHashMap<>(series);
    rest.keySet()
        .removeIf(text -> names.stream().anyMatch(n -> text.equals(n) || text.startsWith(n + "{")));
    return rest;
  }
}
