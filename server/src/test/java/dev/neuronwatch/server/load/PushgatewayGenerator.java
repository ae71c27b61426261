package dev.neuronwatch.server.load;

import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.StepSample;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link LoadGenerator}'s agents aimed at a Prometheus Pushgateway: the same {@link
 * SyntheticAgent} data, each sample sent on its own as the Prometheus text of the series
 * Neuronwatch would export for it ({@link PrometheusTextEncoder}), by {@code PUT
 * /metrics/job/neuronwatch/run/RUN}. One sample per request because the Pushgateway keeps only the
 * latest value of a series; a push is a request and carries one sample. Closed loop and bounded by
 * the deadline, like the Neuronwatch generator.
 *
 * <pre>{@code
 * LoadReport report = new PushgatewayGenerator(URI.create("http://127.0.0.1:9091"), 8,
 *     Duration.ofSeconds(20)).run();
 * }</pre>
 */
final class PushgatewayGenerator {
  private final URI base;
  private final int agents;
  private final Duration duration;
  private final AtomicLong pushes = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

  PushgatewayGenerator(URI base, int agents, Duration duration) {
    this.base = base;
    this.agents = agents;
    this.duration = duration;
  }

  /** The grouping key URI of a run's group. */
  static URI groupUri(URI base, String run) {
    return base.resolve("/metrics/job/neuronwatch/run/" + run);
  }

  /** Sends one text body to a run's group; the status code, or -1 on an I/O error. */
  static int put(HttpClient client, URI base, String run, String body) throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(groupUri(base, run))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "text/plain; version=0.0.4")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  LoadReport run() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(agents);
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < agents; i++) {
        String run = "load-" + i;
        SyntheticAgent agent = new SyntheticAgent(run, i);
        running.add(pool.submit(() -> pushUntil(run, agent, deadline)));
      }
      for (Future<?> agent : running) {
        agent.get();
      }
    } finally {
      pool.shutdownNow();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    return new LoadReport(
        agents,
        elapsed,
        pushes.get(),
        pushes.get(),
        accepted.get(),
        errors.get(),
        percentile(sorted, 0.50),
        percentile(sorted, 0.99),
        percentile(sorted, 1.0),
        0,
        0);
  }

  private Void pushUntil(String run, SyntheticAgent agent, long deadline)
      throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    PrometheusTextEncoder encoder = new PrometheusTextEncoder(run);
    while (System.nanoTime() < deadline) {
      PushRequest push = agent.nextPush();
      for (StepSample sample : push.samples()) {
        if (System.nanoTime() >= deadline) {
          break;
        }
        String body = encoder.encode(sample);
        long sent = System.nanoTime();
        int status = put(client, base, run, body);
        latencies.add(System.nanoTime() - sent);
        pushes.incrementAndGet();
        if (status / 100 == 2) {
          accepted.incrementAndGet();
        } else {
          errors.incrementAndGet();
        }
      }
    }
    return null;
  }

  static Duration percentile(List<Long> sorted, double quantile) {
    if (sorted.isEmpty()) {
      return Duration.ZERO;
    }
    int index = (int) Math.ceil(quantile * sorted.size()) - 1;
    return Duration.ofNanos(sorted.get(Math.max(0, index)));
  }
}
