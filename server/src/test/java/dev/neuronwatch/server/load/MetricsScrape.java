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
 * latency of a few sequential scrapes, after as many unmeasured ones: the first scrapes of a JVM
 * (the server's, and this client's, which also scrapes the next target) run code not yet compiled.
 *
 * <pre>{@code
 * MetricsScrape scrape = MetricsScrape.of(URI.create("http://127.0.0.1:9091/metrics"), 20);
 * }</pre>
 */
record MetricsScrape(long bytes, long series, long layerSeries, Duration p50, Duration max) {

  static MetricsScrape of(URI metrics, int scrapes) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    List<Long> latencies = new ArrayList<>();
    String body = "";
    for (int i = 0; i < 2 * scrapes; i++) {
      long sent = System.nanoTime();
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (i >= scrapes) {
        latencies.add(System.nanoTime() - sent);
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
