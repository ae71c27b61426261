package dev.neuronwatch.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The one list of metric names that dashboards and alert rules may use: the series the Neuronwatch
 * server exports (Prometheus names, as a scrape of {@code /metrics} shows them) and the series
 * Prometheus itself adds. A typo or a renamed server metric in a query fails the dashboard and rule
 * tests instead of drawing an empty panel or an alert that can never fire.
 *
 * <pre>{@code
 * assertThat(KnownMetrics.all()).containsAll(PromqlMetricNames.of(expr));
 * }</pre>
 */
final class KnownMetrics {
  /**
   * Exported by the Neuronwatch server: read from the list the server's own exposition test pins
   * ({@code server/src/test/resources/metric-families.txt}), so there is one list.
   */
  static final Set<String> SERVER = serverFamilies();

  /** Added by Prometheus: alert state and scrape health. */
  static final Set<String> PROMETHEUS = Set.of("ALERTS", "ALERTS_FOR_STATE", "up");

  private KnownMetrics() {}

  private static Set<String> serverFamilies() {
    Path list = RepoFiles.root().resolve("server/src/test/resources/metric-families.txt");
    try {
      return Files.readAllLines(list).stream()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + list, e);
    }
  }

  static Set<String> all() {
    Set<String> all = new TreeSet<>(SERVER);
    all.addAll(PROMETHEUS);
    return all;
  }
}
