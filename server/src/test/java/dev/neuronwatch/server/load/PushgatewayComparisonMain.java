package dev.neuronwatch.server.load;

import dev.neuronwatch.protocol.PushRequest;
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
import java.util.List;
import java.util.Locale;

/**
 * Neuronwatch and a Prometheus Pushgateway side by side in one run, with the same agents and data
 * (see {@link PushgatewayGenerator}): first the ingest load on each, one after the other, then the
 * "fills up" check: the load groups are deleted from the Pushgateway, many distinct runs each push
 * one sample of 8 layers to each, and the {@code /metrics} of each is measured right after and
 * again once Neuronwatch's idle runs are past their TTL ({@code --run-ttl}, seconds) and swept. The
 * Pushgateway is started by the caller (no persistence file) and should be empty.
 *
 * <pre>{@code
 * prometheus-pushgateway --web.listen-address=127.0.0.1:9091 &
 * java -cp ... dev.neuronwatch.server.load.PushgatewayComparisonMain \
 *     --pushgateway http://127.0.0.1:9091 --agents 8 --seconds 20 --runs 500 --run-ttl 10
 * }</pre>
 */
public final class PushgatewayComparisonMain {
  private static final Duration SWEEP = Duration.ofSeconds(1);

  private PushgatewayComparisonMain() {}

  public static void main(String[] args) throws Exception {
    URI pushgateway = URI.create("http://127.0.0.1:9091");
    int agents = 8;
    int seconds = 20;
    int runs = 500;
    int runTtlSeconds = 10;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--pushgateway" -> pushgateway = URI.create(args[i + 1]);
        case "--agents" -> agents = Integer.parseInt(args[i + 1]);
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        case "--run-ttl" -> runTtlSeconds = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Duration duration = Duration.ofSeconds(seconds);
    URI pgMetrics = pushgateway.resolve("/metrics");

    NeuronwatchServer load = server(ServerConfig.builder().port(0).rateLimit(0).build());
    LoadReport nw;
    MetricsScrape nwAfterLoad;
    try {
      nw = new LoadGenerator(load.uri().resolve("/api/v1/push"), agents, duration).run();
      nwAfterLoad = MetricsScrape.of(load.uri().resolve("/metrics"), 10);
    } finally {
      load.stop();
    }
    LoadReport pg = new PushgatewayGenerator(pushgateway, agents, duration).run();
    MetricsScrape pgAfterLoad = MetricsScrape.of(pgMetrics, 10);

    System.out.println("neuronwatch  " + nw.format());
    System.out.println("pushgateway  " + pg.format());
    System.out.println(
        String.format(
            Locale.ROOT,
            "ratios neuronwatch/pushgateway: requests/s %.2f, samples/s %.2f, p50 %.2f, p99 %.2f",
            nw.pushesPerSecond() / pg.pushesPerSecond(),
            nw.samplesPerSecond() / pg.samplesPerSecond(),
            ratio(nw.p50(), pg.p50()),
            ratio(nw.p99(), pg.p99())));
    System.out.println("after load, neuronwatch /metrics: " + nwAfterLoad.format());
    System.out.println("after load, pushgateway /metrics: " + pgAfterLoad.format());

    deleteLoadGroups(pushgateway, agents);
    Duration runTtl = Duration.ofSeconds(runTtlSeconds);
    NeuronwatchServer fill =
        server(
            ServerConfig.builder()
                .port(0)
                .rateLimit(0)
                .runTtl(runTtl)
                // The fill's runs never finish: an unfinished run is kept for stoppedRunTtl.
                .stoppedRunTtl(runTtl)
                .sweepInterval(SWEEP)
                .build());
    try {
      long nwErrors = fillNeuronwatch(fill.uri().resolve("/api/v1/push"), runs);
      long filled = System.nanoTime();
      MetricsScrape nwFull = MetricsScrape.of(fill.uri().resolve("/metrics"), 10);
      long pgErrors = fillPushgateway(pushgateway, runs);
      MetricsScrape pgFull = MetricsScrape.of(pgMetrics, 10);
      long wait = runTtl.plus(SWEEP).plus(SWEEP).toNanos() - (System.nanoTime() - filled);
      Thread.sleep(Math.max(0, wait / 1_000_000));
      MetricsScrape nwSwept = MetricsScrape.of(fill.uri().resolve("/metrics"), 10);
      MetricsScrape pgLater = MetricsScrape.of(pgMetrics, 10);
      System.out.printf(
          Locale.ROOT,
          "fill: %d runs x 8 layers, one sample each; errors nw %d, pg %d%n",
          runs,
          nwErrors,
          pgErrors);
      System.out.println(
          "  neuronwatch right after (runTtl "
              + runTtlSeconds
              + "s, sweep 1s): "
              + nwFull.format());
      System.out.println("  neuronwatch after the sweep:                   " + nwSwept.format());
      System.out.println("  pushgateway right after:                       " + pgFull.format());
      System.out.println("  pushgateway as long later (no TTL):            " + pgLater.format());
    } finally {
      fill.stop();
    }
  }

  /** Empties the Pushgateway of the load phase's groups, so the fill starts from nothing. */
  private static void deleteLoadGroups(URI base, int agents) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    for (int i = 0; i < agents; i++) {
      client.send(
          HttpRequest.newBuilder(PushgatewayGenerator.groupUri(base, "load-" + i)).DELETE().build(),
          HttpResponse.BodyHandlers.discarding());
    }
  }

  private static NeuronwatchServer server(ServerConfig config) {
    NeuronwatchServer server =
        new NeuronwatchServer(
            config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
    server.start();
    return server;
  }

  private static double ratio(Duration a, Duration b) {
    return (double) a.toNanos() / b.toNanos();
  }

  /** Each run pushes one sample of its 8 layers, once; returns the failed pushes. */
  private static long fillNeuronwatch(URI push, int runs) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long errors = 0;
    for (int i = 0; i < runs; i++) {
      PushRequest batch = new SyntheticAgent("fill-" + i, i).nextPush();
      PushRequest one =
          new PushRequest(batch.run(), List.of(batch.samples().get(0)), batch.agent(), false);
      HttpResponse<Void> response =
          client.send(LoadGenerator.pushRequest(push, one), HttpResponse.BodyHandlers.discarding());
      errors += response.statusCode() == 200 ? 0 : 1;
    }
    return errors;
  }

  /** The same samples as {@link #fillNeuronwatch}, one group per run; returns the failed pushes. */
  private static long fillPushgateway(URI base, int runs) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long errors = 0;
    for (int i = 0; i < runs; i++) {
      String run = "fill-" + i;
      PushRequest batch = new SyntheticAgent(run, i).nextPush();
      String body = new PrometheusTextEncoder(run).encode(batch.samples().get(0));
      errors += PushgatewayGenerator.put(client, base, run, body) / 100 == 2 ? 0 : 1;
    }
    return errors;
  }
}
