package dev.neuronwatch.integration;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.Protocol;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.protocol.TensorSummary;
import dev.neuronwatch.protocol.WireJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cardinality flood: one client pushing, every {@code pause}, a run never seen before with {@code
 * layers} layers never seen before, so that every accepted push grows the server's series. It goes
 * on after the server's memory budget (429 {@code memory budget reached}) or run limit (429 {@code
 * run limit reached}) refuses it, as a misbehaving job would.
 *
 * <pre>{@code
 * try (CardinalityFlood flood = CardinalityFlood.start(server.uri(), 64, Duration.ofMillis(50))) {
 *   Await.until("the budget's refusal", timeout, () -> flood.budgetRefusals() > 0);
 * }
 * }</pre>
 */
final class CardinalityFlood implements AutoCloseable {
  private final URI endpoint;
  private final int layers;
  private final Duration pause;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Thread thread;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong budgetRefusals = new AtomicLong();
  private final AtomicLong runLimitRefusals = new AtomicLong();
  private final AtomicLong otherStatuses = new AtomicLong();
  private final AtomicLong noAnswer = new AtomicLong();
  private final Map<String, Long> others = new ConcurrentHashMap<>();
  private volatile boolean stopping;

  private CardinalityFlood(URI server, int layers, Duration pause) {
    this.endpoint = server.resolve(Protocol.PUSH_PATH);
    this.layers = layers;
    this.pause = pause;
    this.thread = new Thread(this::flood, "cardinality-flood");
    this.thread.setDaemon(true);
  }

  static CardinalityFlood start(URI server, int layers, Duration pause) {
    CardinalityFlood flood = new CardinalityFlood(server, layers, pause);
    flood.thread.start();
    return flood;
  }

  /** New runs the server took. */
  long accepted() {
    return accepted.get();
  }

  /** 429 answers naming the memory budget. */
  long budgetRefusals() {
    return budgetRefusals.get();
  }

  /** 429 answers naming the run limit. */
  long runLimitRefusals() {
    return runLimitRefusals.get();
  }

  /** Any other status: none is expected. */
  long otherStatuses() {
    return otherStatuses.get();
  }

  /** The other answers, status and body, with how often each came. */
  Map<String, Long> otherAnswers() {
    return new TreeMap<>(others);
  }

  /** Pushes without an answer (the server restarting). */
  long noAnswer() {
    return noAnswer.get();
  }

  private void flood() {
    long n = 0;
    while (!stopping) {
      n++;
      try {
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(WireJson.encode(push(n))))
                    .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        count(answer);
      } catch (IOException e) {
        noAnswer.incrementAndGet();
      } catch (InterruptedException e) {
        return;
      }
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void count(HttpResponse<String> answer) {
    if (answer.statusCode() == 200) {
      accepted.incrementAndGet();
    } else if (answer.statusCode() == 429 && answer.body().contains("memory budget")) {
      budgetRefusals.incrementAndGet();
    } else if (answer.statusCode() == 429 && answer.body().contains("run limit")) {
      runLimitRefusals.incrementAndGet();
    } else {
      otherStatuses.incrementAndGet();
      others.merge(answer.statusCode() + " " + answer.body(), 1L, Long::sum);
    }
  }

  /** One sample of a new run, {@code flood-n}, with {@code layers} layers. */
  private PushRequest push(long n) {
    TensorSummary output = new TensorSummary(64, 0.25, 0.09, 0, 1.5, 0.1, 0, 0);
    List<LayerSample> sampled = new ArrayList<>(layers);
    for (int i = 0; i < layers; i++) {
      sampled.add(
          new LayerSample(
              "flood_" + n + "_" + i,
              i,
              ActivationKind.RELU,
              8,
              output,
              0.1,
              null,
              null,
              null,
              null));
    }
    StepSample sample = new StepSample(1, System.currentTimeMillis(), 0.5, false, sampled);
    return new PushRequest("flood-" + n, List.of(sample), null, false);
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
