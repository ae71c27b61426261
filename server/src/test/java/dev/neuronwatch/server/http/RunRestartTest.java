package dev.neuronwatch.server.http;

import static dev.neuronwatch.server.testing.Samples.layer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.PushResponse;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.protocol.TensorSummary;
import dev.neuronwatch.protocol.WireJson;
import dev.neuronwatch.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A run that starts again under the same name (a re-run of a job, a restarted process) starts a new
 * attempt instead of being answered {@code accepted: 0} until it passes the old last step.
 */
class RunRestartTest {
  private static final long FIRST_RUN_MILLIS = 1_800_000_000_000L;
  private static final long RE_RUN_MILLIS = 1_800_000_600_000L;

  /** A layer with NaN outputs: NeuronwatchNonFiniteValues fires at the first sample. */
  private static LayerSample broken() {
    return layer("dense_0", 0, ActivationKind.RELU)
        .output(new TensorSummary(60, 0.1, 0.1, -1, 1, 0.1, 4, 0))
        .gradient(0.5)
        .build();
  }

  private static LayerSample healthy() {
    return layer("dense_0", 0, ActivationKind.RELU).gradient(0.5).build();
  }

  private static PushRequest push(
      long startMillis, String attempt, LayerSample layer, long... steps) {
    List<StepSample> samples =
        LongStream.of(steps)
            .mapToObj(s -> new StepSample(s, startMillis + s, 0.5, false, List.of(layer)))
            .toList();
    return new PushRequest("job", samples, null, false, attempt);
  }

  private static PushResponse answer(HttpResponse<String> http) throws Exception {
    assertThat(http.statusCode()).as(http.body()).isEqualTo(200);
    return WireJson.decode(http.body().getBytes(), PushResponse.class);
  }

  @Test
  void aRunWhoseStepGoesBackToItsFirstStepStartsANewAttempt() throws Exception {
    try (TestServer server = TestServer.start()) {
      PushResponse first = answer(server.push(push(FIRST_RUN_MILLIS, null, broken(), 0, 10, 20)));
      assertThat(first.attempt()).isEqualTo(1);
      assertThat(first.newAttempt()).isFalse();
      assertThat(server.json("/api/v1/alerts?run=job&state=firing")).hasSize(1);

      PushResponse reRun = answer(server.push(push(RE_RUN_MILLIS, null, healthy(), 0, 10)));

      assertThat(reRun.accepted()).isEqualTo(2);
      assertThat(reRun.duplicates()).isZero();
      assertThat(reRun.attempt()).isEqualTo(2);
      assertThat(reRun.newAttempt()).isTrue();
      JsonNode run = server.json("/api/v1/runs").get(0);
      assertThat(run.get("attempt").asInt()).isEqualTo(2);
      assertThat(run.get("lastStep").asLong()).isEqualTo(10);
      assertThat(run.get("samples").asLong()).isEqualTo(2);
      // The first attempt's alert ended with it; the re-run is healthy.
      assertThat(server.json("/api/v1/alerts?run=job&state=firing")).isEmpty();
      assertThat(server.json("/api/v1/alerts?run=job&state=resolved")).hasSize(1);
      assertThat(server.get("/metrics").body()).contains("neuronwatch_run_step{run=\"job\"} 10.0");
    }
  }

  @Test
  void aRetryOfTheFirstPushIsNotARestart() throws Exception {
    try (TestServer server = TestServer.start()) {
      PushRequest firstPush = push(FIRST_RUN_MILLIS, null, healthy(), 0, 10);
      answer(server.push(firstPush));
      answer(server.push(push(FIRST_RUN_MILLIS, null, healthy(), 20)));

      PushResponse retried = answer(server.push(firstPush));

      assertThat(retried.accepted()).isZero();
      assertThat(retried.duplicates()).isEqualTo(2);
      assertThat(retried.attempt()).isEqualTo(1);
      assertThat(retried.newAttempt()).isFalse();
      assertThat(server.json("/api/v1/runs").get(0).get("lastStep").asLong()).isEqualTo(20);
    }
  }

  @Test
  void aNewExplicitAttemptStartsANewAttemptEvenWhenItsStepsGoOn() throws Exception {
    try (TestServer server = TestServer.start()) {
      answer(server.push(push(FIRST_RUN_MILLIS, "try-1", healthy(), 0, 10, 20)));
      PushResponse sameAttempt = answer(server.push(push(FIRST_RUN_MILLIS, "try-1", healthy(), 0)));
      assertThat(sameAttempt.newAttempt()).isFalse();
      assertThat(sameAttempt.duplicates()).isEqualTo(1);

      // The job resumed from a checkpoint at step 15 in a new process.
      PushResponse resumed = answer(server.push(push(RE_RUN_MILLIS, "try-2", healthy(), 15, 25)));

      assertThat(resumed.newAttempt()).isTrue();
      assertThat(resumed.attempt()).isEqualTo(2);
      assertThat(resumed.accepted()).isEqualTo(2);
      JsonNode run = server.json("/api/v1/runs").get(0);
      assertThat(run.get("lastStep").asLong()).isEqualTo(25);
      assertThat(run.get("samples").asLong()).isEqualTo(2);
    }
  }

  @Test
  void anAttemptThatIsNotANameIsRefusedNamingTheField() {
    try (TestServer server = TestServer.start()) {
      String body = "{\"run\":\"job\",\"samples\":[],\"finished\":false,\"attempt\":\"two words\"}";
      HttpResponse<String> response =
          server.post("/api/v1/push", "application/json", body.getBytes());

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.body()).contains("\"field\":\"attempt\"");
    }
  }
}
