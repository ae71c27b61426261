package dev.neuronwatch.benchmarks;

import dev.neuronwatch.agent.push.PushClient;
import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.GradientSummary;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.protocol.TensorSummary;
import dev.neuronwatch.server.NeuronwatchServer;
import dev.neuronwatch.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The server at scale: {@code runs} runs of {@code layers} ReLU layers each, one sample per run
 * pushed over loopback HTTP to a server in this JVM, then {@code scrapes} scrapes of {@code
 * /metrics}. Reports the series exported, the page's size, each scrape's time and what the JVM
 * allocated during it, and the heap the runs hold (used heap after a full collection, after the
 * pushes against before them) per series.
 *
 * <p>Run: {@code java -Xmx8g -cp benchmarks/target/benchmarks.jar
 * dev.neuronwatch.benchmarks.ScrapeScale --runs 10000 --layers 10 --scrapes 3}
 */
public final class ScrapeScale {
  private ScrapeScale() {}

  /**
   * What one run measured; {@code allocatedBytes} is what all threads of the JVM allocated during
   * each scrape (the server's writing of the page, and the client's reading, in 64 KiB reads).
   */
  public record Report(
      int runs,
      int layers,
      long series,
      long bytes,
      long[] scrapeNanos,
      long[] allocatedBytes,
      long heapBytes) {

    String format() {
      return String.format(
          Locale.ROOT,
          "%d runs x %d layers: %d series, %.1f MB per scrape, scrapes %s ms, allocating %s MB;"
              + " heap %.1f MB for the runs, %.0f bytes per series",
          runs,
          layers,
          series,
          bytes / 1e6,
          Arrays.toString(Arrays.stream(scrapeNanos).map(n -> n / 1_000_000).toArray()),
          Arrays.toString(Arrays.stream(allocatedBytes).map(n -> n / 1_000_000).toArray()),
          heapBytes / 1e6,
          (double) heapBytes / Math.max(1, series));
    }
  }

  public static void main(String[] args) throws Exception {
    int runs = 1000;
    int layers = 10;
    int scrapes = 3;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        case "--layers" -> layers = Integer.parseInt(args[i + 1]);
        case "--scrapes" -> scrapes = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.out.println(run(runs, layers, scrapes).format());
  }

  public static Report run(int runs, int layers, int scrapes)
      throws IOException, InterruptedException {
    // The memory budget would refuse runs past its default cap (20,000 layers): raised to fit,
    // and to at least four runs' worth, as one run may hold a quarter of it.
    ServerConfig config =
        ServerConfig.builder()
            .port(0)
            .rateLimit(0)
            .maxRuns(Math.max(runs, 1))
            .maxStoredLayers(Math.max(runs, 4) * Math.max(layers, 1))
            .build();
    try (NeuronwatchServer server = NeuronwatchServer.create(config).start()) {
      long before = usedHeapAfterGc();
      Random random = new Random(11);
      try (PushClient client =
          new PushClient(server.uri(), Duration.ofSeconds(5), Duration.ofSeconds(30))) {
        for (int r = 0; r < runs; r++) {
          client.push(new PushRequest("run-" + r, List.of(sample(layers, random)), null, false));
        }
      }
      long heap = usedHeapAfterGc() - before;
      URL metrics = server.uri().resolve("/metrics").toURL();
      long[] nanos = new long[scrapes];
      long[] allocated = new long[scrapes];
      long[] page = new long[2];
      for (int i = 0; i < scrapes; i++) {
        long allocatedBefore = allocatedByAllThreads();
        long start = System.nanoTime();
        page = scrape(metrics);
        nanos[i] = System.nanoTime() - start;
        allocated[i] = allocatedByAllThreads() - allocatedBefore;
      }
      return new Report(runs, layers, page[1], page[0], nanos, allocated, heap);
    }
  }

  /** Reads the page in 64 KiB reads, keeping none of it: {bytes, series}. */
  private static long[] scrape(URL metrics) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) metrics.openConnection();
    connection.setReadTimeout((int) Duration.ofMinutes(2).toMillis());
    try {
      if (connection.getResponseCode() != 200) {
        throw new IllegalStateException("/metrics answered " + connection.getResponseCode());
      }
      long bytes = 0;
      long series = 0;
      boolean lineStart = true;
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = connection.getInputStream()) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          bytes += n;
          for (int i = 0; i < n; i++) {
            byte b = buffer[i];
            if (lineStart && b != '#' && b != '\n') {
              series++;
            }
            lineStart = b == '\n';
          }
        }
      }
      return new long[] {bytes, series};
    } finally {
      connection.disconnect();
    }
  }

  private static long allocatedByAllThreads() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      total += Math.max(0, bytes);
    }
    return total;
  }

  private static StepSample sample(int layers, Random random) {
    List<LayerSample> list = new ArrayList<>(layers);
    for (int depth = 0; depth < layers; depth++) {
      double norm = 0.5 + random.nextDouble();
      list.add(
          new LayerSample(
              "dense_" + depth,
              depth,
              ActivationKind.RELU,
              128,
              new TensorSummary(4096, 0.3, 0.2, 0, 3, 0.4, 0, 0),
              0.05 * random.nextDouble(),
              null,
              new GradientSummary(norm, norm / 10, norm / 2, norm / 5000, 0, 0),
              10 + random.nextDouble(),
              1e-3));
    }
    return new StepSample(1, System.currentTimeMillis(), 1.5, false, list);
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
