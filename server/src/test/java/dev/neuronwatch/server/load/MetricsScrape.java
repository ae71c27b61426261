package dev.neuronwatch.server.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What a {@code /metrics} page served: its size in bytes (uncompressed), its series (non-comment
 * lines), the per-layer {@code neuronwatch_layer_*} series among them, and the median and worst
 * latency of sequential scrapes (at least the number asked for, and for at least a second), after
 * unmeasured ones (at least as many, and for at least three seconds): the first scrapes of a JVM
 * (the server's, and this client's, which also scrapes the next target) run code not yet compiled.
 * Ten unmeasured scrapes of a 1.5 k-series page left Neuronwatch's scrape path mostly interpreted:
 * 11 ms against 3.2 ms after 300 (same page, same sitting, {@link ScrapeComparisonMain}).
 *
 * <pre>{@code
 * MetricsScrape scrape = MetricsScrape.of(URI.create("http://127.0.0.1:9091/metrics"), 20);
 * }</pre>
 */
record MetricsScrape(long bytes, long series, long layerSeries, Duration p50, Duration max) {
  private static final Duration WARM_UP = Duration.ofSeconds(3);
  private static final Duration MEASURE = Duration.ofSeconds(1);

  static MetricsScrape of(URI metrics, int scrapes) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    List<Long> latencies = new ArrayList<>();
    String body = "";
    long warmUntil = System.nanoTime() + WARM_UP.toNanos();
    long measureUntil = 0;
    for (int i = 0; ; i++) {
      boolean measured = i >= scrapes && measureUntil != 0;
      if (measured && latencies.size() >= scrapes && System.nanoTime() >= measureUntil) {
        break;
      }
      long sent = System.nanoTime();
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      long received = System.nanoTime();
      if (measured) {
        latencies.add(received - sent);
      } else if (i + 1 >= scrapes && received >= warmUntil) {
        measureUntil = received + MEASURE.toNanos();
      }
      if (response.statusCode() != 200) {
        throw new IllegalStateException(metrics + " answered " + response.statusCode());
      }
      body = response.body();
    }
    Collections.sort(latencies);
    long series = 0;
    long layerSeries = 0;
    for (String line : body.split("\n")) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        series++;
        if (line.startsWith("neuronwatch_layer_")) {
          layerSeries++;
        }
      }
    }
    return new MetricsScrape(
        body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
        series,
        layerSeries,
        PushgatewayGenerator.percentile(latencies, 0.5),
        PushgatewayGenerator.percentile(latencies, 1.0));
  }

  String format() {
    return String.format(
        Locale.ROOT,
        "%d series (%d per-layer), %d bytes, scrape p50 %.2f ms, max %.2f ms",
        series,
        layerSeries,
        bytes,
        p50.toNanos() / 1e6,
        max.toNanos() / 1e6);
  }
}
