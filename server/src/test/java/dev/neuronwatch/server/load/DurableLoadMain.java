package dev.neuronwatch.server.load;

import dev.neuronwatch.server.NeuronwatchServer;
import dev.neuronwatch.server.ServerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;

/**
 * The cost of durability over HTTP: for each agent count, the load generator runs against an
 * in-memory server and against one with the journal in a fresh data directory, alternately, in one
 * run; prints pushes/s, p50 and p99 of each and the ratios (journal over in-memory).
 *
 * <pre>{@code
 * java -cp ... dev.neuronwatch.server.load.DurableLoadMain --agents 8,20 --seconds 15 --rounds 2
 * }</pre>
 */
public final class DurableLoadMain {
  private DurableLoadMain() {}

  public static void main(String[] args) throws Exception {
    String agentList = "8,20";
    int seconds = 15;
    int rounds = 2;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--agents" -> agentList = args[i + 1];
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    // Warm-up, not counted.
    run(8, 5, false);
    run(8, 5, true);
    for (String a : agentList.split(",")) {
      int agents = Integer.parseInt(a.trim());
      for (int r = 0; r < rounds; r++) {
        LoadReport memory = run(agents, seconds, false);
        LoadReport journal = run(agents, seconds, true);
        System.out.printf(
            Locale.ROOT,
            "agents %d round %d: in memory %.0f pushes/s p50 %.2f ms p99 %.2f ms errors %d |"
                + " journal %.0f pushes/s p50 %.2f ms p99 %.2f ms errors %d | throughput ratio"
                + " %.2fx, p50 ratio %.2fx, p99 ratio %.2fx%n",
            agents,
            r + 1,
            memory.pushesPerSecond(),
            millis(memory.p50()),
            millis(memory.p99()),
            memory.errors(),
            journal.pushesPerSecond(),
            millis(journal.p50()),
            millis(journal.p99()),
            journal.errors(),
            memory.pushesPerSecond() / journal.pushesPerSecond(),
            millis(journal.p50()) / millis(memory.p50()),
            millis(journal.p99()) / millis(memory.p99()));
      }
    }
  }

  private static double millis(Duration d) {
    return d.toNanos() / 1e6;
  }

  private static LoadReport run(int agents, int seconds, boolean journaled) throws Exception {
    Path dir = Files.createTempDirectory("durable-load");
    ServerConfig.Builder config = ServerConfig.builder().port(0).rateLimit(0);
    if (journaled) {
      config.dataDir(dir);
    }
    NeuronwatchServer server =
        new NeuronwatchServer(
            config.build(),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            Clock.systemUTC());
    server.start();
    try {
      return new LoadGenerator(
              server.uri().resolve("/api/v1/push"), agents, Duration.ofSeconds(seconds))
          .run();
    } finally {
      server.stop();
      delete(dir);
    }
  }

  private static void delete(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
