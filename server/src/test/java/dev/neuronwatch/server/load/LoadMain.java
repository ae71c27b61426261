package dev.neuronwatch.server.load;

import dev.neuronwatch.server.NeuronwatchServer;
import dev.neuronwatch.server.ServerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;

/**
 * Runs the load generator against an in-process server on a free loopback port and prints the
 * figures. The server has the default limits except the rate limit, which is off: every simulated
 * agent shares the one loopback address.
 *
 * <pre>{@code
 * java -cp ... dev.neuronwatch.server.load.LoadMain --agents 8 --seconds 20
 * }</pre>
 */
public final class LoadMain {
  private LoadMain() {}

  public static void main(String[] args) throws InterruptedException {
    int agents = 8;
    int seconds = 20;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--agents" -> agents = Integer.parseInt(args[i + 1]);
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    LoadRun run = LoadRun.start(agents, Duration.ofSeconds(seconds));
    try {
      LoadReport report = run.generate();
      System.out.println(report.format());
      System.out.println("server samples counter total: " + run.serverSamples());
    } finally {
      run.close();
    }
  }

  /** A server and a generator aimed at it; closing stops the server. */
  static final class LoadRun implements AutoCloseable {
    private final NeuronwatchServer server;
    private final PrometheusMeterRegistry registry;
    private final LoadGenerator generator;

    private LoadRun(
        NeuronwatchServer server, PrometheusMeterRegistry registry, int agents, Duration duration) {
      this.server = server;
      this.registry = registry;
      this.generator = new LoadGenerator(server.uri().resolve("/api/v1/push"), agents, duration);
    }

    static LoadRun start(int agents, Duration duration) {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      NeuronwatchServer server =
          new NeuronwatchServer(
              ServerConfig.builder().port(0).rateLimit(0).build(), registry, Clock.systemUTC());
      server.start();
      return new LoadRun(server, registry, agents, duration);
    }

    LoadReport generate() throws InterruptedException {
      long before = heapAfterGc();
      LoadReport report = generator.run();
      return report.withHeap(before, heapAfterGc());
    }

    /** The sum of neuronwatch_run_samples_total over every run, read from the registry. */
    double serverSamples() {
      return registry.find("neuronwatch.run.samples").counters().stream()
          .mapToDouble(counter -> counter.count())
          .sum();
    }

    @Override
    public void close() {
      server.stop();
    }

    private static long heapAfterGc() throws InterruptedException {
      for (int i = 0; i < 3; i++) {
        System.gc();
        Thread.sleep(100);
      }
      return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
  }
}
