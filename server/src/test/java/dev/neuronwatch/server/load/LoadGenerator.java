package dev.neuronwatch.server.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.WireJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N simulated agents, each on its own thread with its own HTTP client and run, pushing {@link
 * SyntheticAgent} batches back to back (closed loop: the next push leaves when the last was
 * answered) for a fixed time. Bounded: it stops at the deadline whatever happens.
 *
 * <pre>{@code
 * URI pushUri = server.uri().resolve("/api/v1/push");
 * LoadReport report = new LoadGenerator(pushUri, 8, Duration.ofSeconds(20)).run();
 * }</pre>
 */
final class LoadGenerator {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI pushUri;
  private final int agents;
  private final Duration duration;
  private final AtomicLong pushes = new AtomicLong();
  private final AtomicLong samplesSent = new AtomicLong();
  private final AtomicLong samplesAccepted = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

  LoadGenerator(URI pushUri, int agents, Duration duration) {
    if (agents < 1) {
      throw new IllegalArgumentException("agents must be at least 1, was " + agents);
    }
    this.pushUri = pushUri;
    this.agents = agents;
    this.duration = duration;
  }

  LoadReport run() throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(agents);
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < agents; i++) {
        SyntheticAgent agent = new SyntheticAgent("load-" + i, i);
        running.add(pool.submit(() -> pushUntil(agent, deadline)));
      }
      for (Future<?> agent : running) {
        try {
          agent.get();
        } catch (ExecutionException e) {
          errors.incrementAndGet();
        }
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
        samplesSent.get(),
        samplesAccepted.get(),
        errors.get(),
        percentile(sorted, 0.50),
        percentile(sorted, 0.99),
        percentile(sorted, 1.0),
        0,
        0);
  }

  /** The POST of {@code push} as JSON to {@code pushUri}, with a 10 s timeout. */
  static HttpRequest pushRequest(URI pushUri, PushRequest push) {
    return HttpRequest.newBuilder(pushUri)
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(WireJson.encode(push)))
        .build();
  }

  private void pushUntil(SyntheticAgent agent, long deadline) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    while (System.nanoTime() < deadline) {
      PushRequest push = agent.nextPush();
      HttpRequest request = pushRequest(pushUri, push);
      long sent = System.nanoTime();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        latencies.add(System.nanoTime() - sent);
        pushes.incrementAndGet();
        samplesSent.addAndGet(push.samples().size());
        if (response.statusCode() == 200) {
          JsonNode body = JSON.readTree(response.body());
          samplesAccepted.addAndGet(body.get("accepted").asLong());
        } else {
          errors.incrementAndGet();
        }
      } catch (IOException e) {
        errors.incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static Duration percentile(List<Long> sorted, double quantile) {
    if (sorted.isEmpty()) {
      return Duration.ZERO;
    }
    int index = (int) Math.ceil(quantile * sorted.size()) - 1;
    return Duration.ofNanos(sorted.get(Math.max(0, index)));
  }
}
