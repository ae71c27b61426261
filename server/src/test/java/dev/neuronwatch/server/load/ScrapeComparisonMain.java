package dev.neuronwatch.server.load;

import dev.neuronwatch.protocol.Protocol;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.server.NeuronwatchServer;
import dev.neuronwatch.server.ServerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Scrape time only, Neuronwatch and a Pushgateway side by side on the same series: {@code --runs}
 * runs of the {@link SyntheticAgent}'s 8 layers each push {@code --pushes} batches of ten samples
 * to Neuronwatch and their latest sample to the Pushgateway (which keeps only the latest), then
 * both {@code /metrics} pages are scraped alternately, Neuronwatch then the Pushgateway, {@code
 * --scrapes} measured rounds after as many unmeasured ones (uncompressed, one client, one scrape at
 * a time). With {@code --pushgateway none} only Neuronwatch is filled and scraped (for a profile).
 * The Pushgateway is started by the caller, empty.
 *
 * <pre>{@code
 * java -cp ... dev.neuronwatch.server.load.ScrapeComparisonMain \
 *     --pushgateway http://127.0.0.1:9091 --runs 8 --pushes 50 --scrapes 200
 * }</pre>
 */
public final class ScrapeComparisonMain {
  private ScrapeComparisonMain() {}

  public static void main(String[] args) throws Exception {
    String pushgateway = "http://127.0.0.1:9091";
    int runs = 8;
    int pushes = 50;
    int scrapes = 200;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--pushgateway" -> pushgateway = args[i + 1];
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        case "--pushes" -> pushes = Integer.parseInt(args[i + 1]);
        case "--scrapes" -> scrapes = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    URI pg = pushgateway.equals("none") ? null : URI.create(pushgateway);
    NeuronwatchServer server =
        new NeuronwatchServer(
            ServerConfig.builder().port(0).rateLimit(0).build(),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            Clock.systemUTC());
    server.start();
    try {
      HttpClient client = HttpClient.newHttpClient();
      fill(client, server.uri().resolve(Protocol.PUSH_PATH), pg, runs, pushes);
      URI nwMetrics = server.uri().resolve("/metrics");
      URI pgMetrics = pg == null ? null : pg.resolve("/metrics");
      List<Long> nw = new ArrayList<>();
      List<Long> other = new ArrayList<>();
      long[] nwBody = new long[2];
      long[] pgBody = new long[2];
      for (int round = 0; round < 2 * scrapes; round++) {
        long nwNanos = scrape(client, nwMetrics, nwBody);
        long pgNanos = pgMetrics == null ? 0 : scrape(client, pgMetrics, pgBody);
        if (round >= scrapes) {
          nw.add(nwNanos);
          other.add(pgNanos);
        }
      }
      print("neuronwatch", nwBody, nw);
      System.out.println("  " + serverTime(client, nwMetrics));
      if (pg != null) {
        print("pushgateway", pgBody, other);
        System.out.printf(
            Locale.ROOT,
            "ratio neuronwatch/pushgateway: p50 %.2f, p90 %.2f%n",
            (double) percentile(nw, 0.5) / percentile(other, 0.5),
            (double) percentile(nw, 0.9) / percentile(other, 0.9));
      }
    } finally {
      server.stop();
    }
  }

  private static void fill(HttpClient client, URI push, URI pg, int runs, int pushes)
      throws Exception {
    for (int i = 0; i < runs; i++) {
      String run = "scrape-" + i;
      SyntheticAgent agent = new SyntheticAgent(run, i);
      PushRequest batch = null;
      for (int p = 0; p < pushes; p++) {
        batch = agent.nextPush();
        HttpResponse<Void> response =
            client.send(
                LoadGenerator.pushRequest(push, batch), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("push answered " + response.statusCode());
        }
      }
      if (pg != null && batch != null) {
        StepSample last = batch.samples().get(batch.samples().size() - 1);
        int status =
            PushgatewayGenerator.put(client, pg, run, new PrometheusTextEncoder(run).encode(last));
        if (status / 100 != 2) {
          throw new IllegalStateException("pushgateway answered " + status);
        }
      }
    }
  }

  /** One scrape's latency in nanoseconds; {@code body} gets the page's bytes and series. */
  private static long scrape(HttpClient client, URI metrics, long[] body) throws Exception {
    long sent = System.nanoTime();
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(60)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    long nanos = System.nanoTime() - sent;
    if (response.statusCode() != 200) {
      throw new IllegalStateException(metrics + " answered " + response.statusCode());
    }
    String text = response.body();
    long series = 0;
    for (int at = 0; at < text.length(); ) {
      int end = text.indexOf('\n', at);
      end = end < 0 ? text.length() : end;
      if (end > at && text.charAt(at) != '#') {
        series++;
      }
      at = end + 1;
    }
    body[0] = text.length();
    body[1] = series;
    return nanos;
  }

  /** The mean time the server itself took per scrape, from its own request timer. */
  private static String serverTime(HttpClient client, URI metrics) throws Exception {
    String page =
        client
            .send(
                HttpRequest.newBuilder(metrics).GET().build(), HttpResponse.BodyHandlers.ofString())
            .body();
    double count = 0;
    double sum = 0;
    for (String line : page.split("\n")) {
      if (line.startsWith("http_server_requests_seconds_") && line.contains("uri=\"/metrics\"")) {
        double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        if (line.startsWith("http_server_requests_seconds_count")) {
          count += value;
        } else if (line.startsWith("http_server_requests_seconds_sum")) {
          sum += value;
        }
      }
    }
    return String.format(
        Locale.ROOT,
        "server's own timer: %.0f scrapes, mean %.3f ms in the handler",
        count,
        sum / count * 1e3);
  }

  private static void print(String target, long[] body, List<Long> nanos) {
    System.out.printf(
        Locale.ROOT,
        "%s: %d series, %d bytes, %d scrapes: p50 %.2f ms, p90 %.2f ms, max %.2f ms%n",
        target,
        body[1],
        body[0],
        nanos.size(),
        percentile(nanos, 0.5) / 1e6,
        percentile(nanos, 0.9) / 1e6,
        percentile(nanos, 1.0) / 1e6);
  }

  private static long percentile(List<Long> values, double quantile) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return PushgatewayGenerator.percentile(sorted, quantile).toNanos();
  }
}
