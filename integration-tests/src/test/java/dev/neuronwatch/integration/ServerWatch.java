package dev.neuronwatch.integration;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the server's {@code /metrics} every {@code interval} on a thread of its own and keeps the
 * extremes: the most heap used ({@code jvm_memory_used_bytes{area="heap"}}, summed over pools) and
 * found live after a collection, the most stored layers against the memory budget ({@code
 * neuronwatch_stored_layers} and {@code neuronwatch_stored_layers_budget}), and how often the
 * stored layers were over the budget; and it sums what counts up over the server's processes
 * (garbage collection pauses, refused pushes by reason). A scrape that fails (the server
 * restarting) is counted and skipped.
 *
 * <pre>{@code
 * try (ServerWatch watch = ServerWatch.start(server.uri(), Duration.ofSeconds(1))) {
 *   ...
 *   long peak = watch.peakHeapBytes();
 * }
 * }</pre>
 */
final class ServerWatch implements AutoCloseable {
  private static final String REJECTED = "neuronwatch_ingest_rejected_total{reason=\"";

  private final URI metrics;
  private final Duration interval;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Thread thread;
  private final AtomicLong scrapes = new AtomicLong();
  private final AtomicLong failedScrapes = new AtomicLong();
  private final AtomicLong peakHeap = new AtomicLong();
  private final AtomicLong peakLive = new AtomicLong();
  private final AtomicLong peakStoredLayers = new AtomicLong();
  private final AtomicLong budget = new AtomicLong();
  private final AtomicLong overBudget = new AtomicLong();
  private final AtomicLong gcPauseMillis = new AtomicLong();
  private long lastGcMillis;
  // Guarded by this.
  private final Map<String, Long> lastRejections = new HashMap<>();
  private final Map<String, Long> rejections = new TreeMap<>();
  private volatile boolean stopping;

  private ServerWatch(URI server, Duration interval) {
    this.metrics = server.resolve("/metrics");
    this.interval = interval;
    this.thread = new Thread(this::watch, "server-watch");
    this.thread.setDaemon(true);
  }

  static ServerWatch start(URI server, Duration interval) {
    ServerWatch watch = new ServerWatch(server, interval);
    watch.thread.start();
    return watch;
  }

  long scrapes() {
    return scrapes.get();
  }

  long failedScrapes() {
    return failedScrapes.get();
  }

  long peakHeapBytes() {
    return peakHeap.get();
  }

  /**
   * The most heap found live after a collection ({@code jvm_gc_live_data_size_bytes}: the old
   * generation after the latest one), which unlike the heap used holds no garbage.
   */
  long peakLiveBytes() {
    return peakLive.get();
  }

  long peakStoredLayers() {
    return peakStoredLayers.get();
  }

  /** The memory budget in stored layers, as the latest scrape said. */
  long budgetLayers() {
    return budget.get();
  }

  /** Scrapes that showed more stored layers than the budget: none is expected. */
  long overBudget() {
    return overBudget.get();
  }

  /**
   * The garbage collectors' pause time summed over the server's processes as far as scraped ({@code
   * jvm_gc_pause_seconds_sum} over collectors and causes; it starts at 0 with each process).
   */
  long gcPauseMillis() {
    return gcPauseMillis.get();
  }

  /**
   * Pushes the server refused, by reason ({@code neuronwatch_ingest_rejected_total}), summed over
   * its processes as far as scraped.
   */
  synchronized Map<String, Long> rejections() {
    return new TreeMap<>(rejections);
  }

  /** Scrapes once now, from the caller's thread. */
  void scrapeNow() {
    try {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (answer.statusCode() != 200) {
        failedScrapes.incrementAndGet();
        return;
      }
      read(answer.body());
      scrapes.incrementAndGet();
    } catch (IOException e) {
      failedScrapes.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void read(String exposition) {
    double heap = 0;
    double stored = 0;
    double max = 0;
    double gcSeconds = 0;
    for (String line : exposition.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        heap += value(line);
      } else if (line.startsWith("jvm_gc_live_data_size_bytes ")) {
        peakLive.accumulateAndGet((long) value(line), Math::max);
      } else if (line.startsWith("neuronwatch_stored_layers ")) {
        stored = value(line);
      } else if (line.startsWith("neuronwatch_stored_layers_budget ")) {
        max = value(line);
      } else if (line.startsWith("jvm_gc_pause_seconds_sum{")) {
        gcSeconds += value(line);
      } else if (line.startsWith(REJECTED)) {
        String reason = line.substring(REJECTED.length(), line.indexOf('"', REJECTED.length()));
        long now = (long) value(line);
        long last = lastRejections.getOrDefault(reason, 0L);
        rejections.merge(reason, now >= last ? now - last : now, Long::sum);
        lastRejections.put(reason, now);
      }
    }
    peakHeap.accumulateAndGet((long) heap, Math::max);
    peakStoredLayers.accumulateAndGet((long) stored, Math::max);
    budget.set((long) max);
    if (stored > max) {
      overBudget.incrementAndGet();
    }
    long gcNow = Math.round(gcSeconds * 1000);
    // Lower than before: a new process, counting from 0.
    gcPauseMillis.addAndGet(gcNow >= lastGcMillis ? gcNow - lastGcMillis : gcNow);
    lastGcMillis = gcNow;
  }

  private static double value(String line) {
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  private void watch() {
    while (!stopping) {
      scrapeNow();
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    stopping = true;
    thread.interrupt();
    try {
      thread.join(15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
