package dev.neuronwatch.agent.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuronwatch.agent.push.ScriptedServer.Answer;
import dev.neuronwatch.agent.push.ScriptedServer.Recorded;
import dev.neuronwatch.protocol.AgentCounters;
import dev.neuronwatch.protocol.Alert;
import dev.neuronwatch.protocol.AlertState;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.PushResponse;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PushClientTest {

  private final ScriptedServer server = new ScriptedServer();
  private final PushClient client =
      new PushClient(server.uri(), Duration.ofSeconds(1), Duration.ofSeconds(2));
  private final PushRequest request =
      new PushRequest(
          "run-1",
          List.of(Samples.step(10), Samples.step(20)),
          new AgentCounters(2, 0, 0, 0),
          false);

  PushClientTest() throws IOException {}

  @AfterEach
  void stopServer() {
    client.close();
    server.close();
  }

  @Test
  void postsTheRequestAsJsonToThePushPathAndDecodesTheAnswer() throws Exception {
    Alert alert =
        new Alert(
            "NeuronwatchDyingRelu",
            "run-1",
            "dense_0",
            AlertState.FIRING,
            0.7,
            "2026-03-01T12:00:00Z",
            "70% of units in dense_0 are dead");
    server.enqueue(Answer.response(new PushResponse(2, List.of(alert))));

    PushResponse response = client.push(request);

    assertThat(response).isEqualTo(new PushResponse(2, List.of(alert)));
    Recorded recorded = server.requests().get(0);
    assertThat(recorded.method()).isEqualTo("POST");
    assertThat(recorded.path()).isEqualTo("/api/v1/push");
    assertThat(recorded.contentType()).isEqualTo("application/json");
    assertThat(recorded.push()).isEqualTo(request);
  }

  @Test
  void sendsNoAuthorizationWithoutAToken() throws Exception {
    client.push(request);

    assertThat(server.requests().get(0).authorization()).isNull();
  }

  @Test
  void sendsTheTokenAsABearerAuthorization() throws Exception {
    PushClient withToken =
        new PushClient(server.uri(), Duration.ofSeconds(1), Duration.ofSeconds(2), "s3cret-token");

    withToken.push(request);

    assertThat(server.requests().get(0).authorization()).isEqualTo("Bearer s3cret-token");
  }

  @Test
  void resolvesThePushPathAgainstTheServerRoot() {
    URI base = URI.create("http://127.0.0.1:9750/some/base");
    PushClient nested = new PushClient(base, Duration.ofSeconds(1), Duration.ofSeconds(1));

    assertThat(nested.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9750/api/v1/push"));
  }

  @Test
  void turnsA400IntoAFinalRejectionCarryingTheServersReason() {
    server.enqueue(Answer.json(400, "{\"error\":\"must increase\",\"field\":\"samples[1].step\"}"));

    assertThatThrownBy(() -> client.push(request))
        .isInstanceOfSatisfying(
            PushRejectedException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.retryable()).isFalse();
              assertThat(e.serverMessage()).isEqualTo("must increase (field samples[1].step)");
              assertThat(e.retryAfter()).isEmpty();
            });
  }

  @Test
  void turnsA429IntoARetryableRejectionWithItsRetryAfter() {
    server.enqueue(Answer.status(429).withHeader("Retry-After", "3"));

    assertThatThrownBy(() -> client.push(request))
        .isInstanceOfSatisfying(
            PushRejectedException.class,
            e -> {
              assertThat(e.status()).isEqualTo(429);
              assertThat(e.retryable()).isTrue();
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
            });
  }

  @Test
  void turnsA503IntoARetryableRejectionKeepingAPlainTextReason() {
    server.enqueue(
        new Answer(503, Map.of(), "overloaded\n".getBytes(StandardCharsets.UTF_8), Duration.ZERO));

    assertThatThrownBy(() -> client.push(request))
        .isInstanceOfSatisfying(
            PushRejectedException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.serverMessage()).isEqualTo("overloaded");
            });
  }

  @Test
  void refusesA200WhoseBodyIsNotAPushResponse() {
    server.enqueue(Answer.json(200, "{\"accepted\":\"many\"}"));

    assertThatThrownBy(() -> client.push(request))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(PushRejectedException.class)
        .hasMessageContaining("accepted");
  }

  @Test
  void timesOutWhenTheServerDoesNotAnswer() {
    server.enqueue(Answer.status(200).after(Duration.ofSeconds(5)));
    PushClient impatient =
        new PushClient(server.uri(), Duration.ofSeconds(1), Duration.ofMillis(200));

    assertThatThrownBy(() -> impatient.push(request)).isInstanceOf(SocketTimeoutException.class);
  }

  @Test
  void timesOutWhenTheServerStallsInTheMiddleOfTheBody() throws Exception {
    try (StallingServer stalling = new StallingServer()) {
      PushClient impatient =
          new PushClient(stalling.uri(), Duration.ofSeconds(1), Duration.ofMillis(300));

      long start = System.nanoTime();
      assertThatThrownBy(() -> impatient.push(request)).isInstanceOf(SocketTimeoutException.class);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      // The body never completes: failing at all proves the timeout covers reading it.
      assertThat(took).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void givesUpOnAnAnswerTricklingInOnceTheRequestTimeoutHasPassed() throws Exception {
    try (StallingServer trickling = StallingServer.trickling(Duration.ofMillis(50))) {
      PushClient impatient =
          new PushClient(trickling.uri(), Duration.ofSeconds(1), Duration.ofMillis(300));

      long start = System.nanoTime();
      assertThatThrownBy(() -> impatient.push(request))
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessageContaining("within 300 ms");
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      // Each read returns within 50 ms, so only the deadline can end it; the body would take 5 s.
      assertThat(took).isLessThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void closingFromAnotherThreadAbortsAPushWaitingForItsAnswer() throws Exception {
    server.enqueue(Answer.status(200).after(Duration.ofSeconds(10)));
    PushClient patient =
        new PushClient(server.uri(), Duration.ofSeconds(1), Duration.ofSeconds(30));
    CompletableFuture<Throwable> failure =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                patient.push(request);
                return null;
              } catch (Throwable t) {
                return t;
              }
            });
    Thread.sleep(300);

    long closing = System.nanoTime();
    patient.close();

    assertThat(failure.get(30, TimeUnit.SECONDS))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("closed");
    // Long before the answer (10 s) or the request timeout (30 s).
    assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void refusesAResponseBodyBeyondTheLimitEvenWhenItIsValidJson() {
    String padding = " ".repeat(PushClient.MAX_RESPONSE_BYTES);
    server.enqueue(Answer.json(200, "{\"accepted\":2,\"firing\":[]}" + padding));

    assertThatThrownBy(() -> client.push(request))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(PushRejectedException.class)
        .hasMessageContaining("larger than " + PushClient.MAX_RESPONSE_BYTES + " bytes");
  }

  @Test
  void refusesToPushOnceClosed() throws Exception {
    client.push(request);

    client.close();

    assertThatThrownBy(() -> client.push(request))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("closed");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void failsWithAnIOExceptionWhenNoServerListens() throws IOException {
    PushClient nowhere =
        new PushClient(ScriptedServer.unusedUri(), Duration.ofSeconds(1), Duration.ofSeconds(1));

    assertThatThrownBy(() -> nowhere.push(request)).isInstanceOf(IOException.class);
  }
}
