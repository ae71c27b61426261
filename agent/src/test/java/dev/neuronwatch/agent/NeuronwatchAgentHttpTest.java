package dev.neuronwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.agent.push.Eventually;
import dev.neuronwatch.agent.push.PushLoop;
import dev.neuronwatch.agent.push.ScriptedServer;
import dev.neuronwatch.agent.push.ScriptedServer.Answer;
import dev.neuronwatch.agent.push.ScriptedServer.Recorded;
import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.AgentCounters;
import dev.neuronwatch.protocol.Alert;
import dev.neuronwatch.protocol.AlertState;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.PushResponse;
import dev.neuronwatch.protocol.StepSample;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The agent against a real HTTP server on a loopback port: script, run, verify. */
class NeuronwatchAgentHttpTest {

  private final ScriptedServer server = new ScriptedServer();
  private final List<NeuronwatchAgent> agents = new ArrayList<>();
  private final LayerTensors hidden =
      LayerTensors.of("hidden", 0, ActivationKind.RELU, 2, 3)
          .output(new float[] {0f, 1f, 2f, 0f, 3f, 4f})
          .weights(new float[] {1f, 2f, 2f})
          .weightGradient(new float[] {0.1f, 0.2f, 0.2f});

  NeuronwatchAgentHttpTest() throws IOException {}

  @AfterEach
  void stop() {
    agents.forEach(NeuronwatchAgent::close);
    server.close();
  }

  private AgentConfig.Builder config(URI serverUri) {
    return AgentConfig.builder()
        .run("http-test")
        .serverUri(serverUri)
        .sampleEvery(1)
        .openingSteps(0)
        .flushInterval(Duration.ofMillis(20))
        .maxBackoff(Duration.ofMillis(200));
  }

  private NeuronwatchAgent start(AgentConfig config) {
    NeuronwatchAgent agent = NeuronwatchAgent.start(config);
    agents.add(agent);
    return agent;
  }

  private static void train(NeuronwatchAgent agent, LayerTensors layer, long from, long to) {
    for (long step = from; step < to; step++) {
      if (agent.isSampling(step)) {
        agent.recordLayer(step, layer);
      }
      agent.endStep(step, 2.0 / (step + 1));
    }
  }

  @Test
  void pushesSamplesAsJsonInStepOrderWithTheAgentCounters() throws Exception {
    NeuronwatchAgent agent = start(config(server.uri()).sampleEvery(2).build());

    train(agent, hidden, 0, 10);
    agent.finish();
    agent.close();

    assertThat(server.acceptedSteps()).containsExactly(0L, 2L, 4L, 6L, 8L);
    for (Recorded recorded : server.requests()) {
      assertThat(recorded.method()).isEqualTo("POST");
      assertThat(recorded.path()).isEqualTo("/api/v1/push");
      assertThat(recorded.contentType()).isEqualTo("application/json");
      assertThat(recorded.push().run()).isEqualTo("http-test");
    }
    PushRequest last = server.requests().get(server.requests().size() - 1).push();
    assertThat(last.finished()).isTrue();
    AgentCounters counters = last.agent();
    assertThat(counters.samplesTaken()).isEqualTo(5);
    // A push's counters count its own samples as pushed: the server holds the final counters.
    assertThat(counters).isEqualTo(new AgentCounters(5, 5, 0, 0));
    StepSample first = server.requests().get(0).push().samples().get(0);
    assertThat(first.loss()).isEqualTo(2.0);
    assertThat(first.layers().get(0).deadFraction()).isEqualTo(1.0 / 3);
    assertThat(first.layers().get(0).weightNorm()).isEqualTo(3.0);
    assertThat(agent.status()).isEqualTo(new AgentStatus(5, 5, 0, 0, 0));
  }

  @Test
  void deliversOnceAfterTwo503s() throws Exception {
    server.enqueue(Answer.status(503)).enqueue(Answer.status(503));
    NeuronwatchAgent agent = start(config(server.uri()).build());

    train(agent, hidden, 0, 3);
    Eventually.await("delivery", () -> agent.status().samplesPushed() == 3);

    assertThat(server.acceptedSteps()).containsExactly(0L, 1L, 2L);
    assertThat(agent.status()).isEqualTo(new AgentStatus(3, 3, 0, 2, 0));
    List<Recorded> requests = server.requests();
    assertThat(requests.get(requests.size() - 1).push().agent().pushesFailed()).isEqualTo(2);
  }

  @Test
  void waitsAsLongAsA429sRetryAfterAsks() throws Exception {
    server.enqueue(Answer.status(429).withHeader("Retry-After", "1"));
    NeuronwatchAgent agent = start(config(server.uri()).maxBackoff(Duration.ofSeconds(5)).build());

    train(agent, hidden, 0, 1);
    Eventually.await("delivery", () -> agent.status().samplesPushed() == 1);

    List<Recorded> requests = server.requests();
    assertThat(requests).hasSize(2);
    long gap = requests.get(1).arrivedNanos() - requests.get(0).arrivedNanos();
    assertThat(Duration.ofNanos(gap)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(server.acceptedSteps()).containsExactly(0L);
  }

  @Test
  void aRefusedTokenShowsInTheStatusUntilAPushIsAcceptedAgain() throws Exception {
    server.enqueue(Answer.json(401, "{\"error\":\"missing or invalid bearer token\"}"));
    NeuronwatchAgent agent = start(config(server.uri()).token("wrong").build());

    train(agent, hidden, 0, 1);
    Eventually.await("the refusal", () -> agent.status().samplesDropped() == 1);

    assertThat(agent.status().refusedStatus()).isEqualTo(401);
    assertThat(agent.status().unauthorized()).isTrue();

    train(agent, hidden, 1, 2);
    Eventually.await("delivery", () -> agent.status().samplesPushed() == 1);
    assertThat(agent.status().refusedStatus()).isZero();
    assertThat(agent.status().unauthorized()).isFalse();
  }

  @Test
  void dropsAndCountsABatchThe400RejectsThenCarriesOn() throws Exception {
    server.enqueue(Answer.json(400, "{\"error\":\"unknown run\",\"field\":\"run\"}"));
    NeuronwatchAgent agent = start(config(server.uri()).build());

    train(agent, hidden, 0, 2);
    Eventually.await("the rejection", () -> agent.status().samplesDropped() == 2);
    train(agent, hidden, 2, 3);
    Eventually.await("delivery", () -> agent.status().samplesPushed() == 1);

    assertThat(server.acceptedSteps()).containsExactly(2L);
    assertThat(agent.status()).isEqualTo(new AgentStatus(3, 1, 2, 1, 0));
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void keepsTrainingWhenNoServerListensAndDropsWhatDoesNotFit() throws Exception {
    NeuronwatchAgent agent =
        start(
            config(ScriptedServer.unusedUri())
                .queueCapacity(4)
                .maxSamplesPerPush(2)
                .closeTimeout(Duration.ofMillis(300))
                .build());

    train(agent, hidden, 0, 50);
    AgentStatus whileDown = agent.status();
    Eventually.await("a failed push", () -> agent.status().pushesFailed() >= 1);
    agent.close();

    assertThat(whileDown.samplesTaken()).isEqualTo(50);
    assertThat(whileDown.samplesDropped()).isGreaterThanOrEqualTo(50 - 4 - 2);
    AgentStatus closed = agent.status();
    assertThat(closed.samplesPushed()).isZero();
    assertThat(closed.samplesDropped()).isEqualTo(50);
    assertThat(closed.queued()).isZero();
  }

  @Test
  void closeReturnsWithinItsTimeoutWhenTheServerNeverAnswers() throws Exception {
    server.enqueue(Answer.status(200).after(Duration.ofSeconds(30)));
    NeuronwatchAgent agent =
        start(
            config(server.uri())
                .requestTimeout(Duration.ofSeconds(30))
                .closeTimeout(Duration.ofMillis(500))
                .build());
    train(agent, hidden, 0, 1);
    Eventually.await("the request", () -> server.requests().size() == 1);

    long start = System.nanoTime();
    agent.close();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(Duration.ofMillis(1500));
    Eventually.await("the drop", () -> agent.status().samplesDropped() == 1);
    assertThat(agent.status().samplesPushed()).isZero();
  }

  @Test
  void leavesNoThreadOfItsOwnBehindOnceClosedEvenWhileStillReferenced() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    NeuronwatchAgent agent = start(config(server.uri()).build());
    train(agent, hidden, 0, 3);
    Eventually.await("delivery", () -> agent.status().samplesPushed() == 3);
    List<Thread> started = new ArrayList<>(Thread.getAllStackTraces().keySet());
    started.removeAll(before);
    started.removeIf(
        t -> !t.getName().startsWith("neuronwatch-agent") && !t.getName().startsWith("HttpClient"));
    assertThat(started).extracting(Thread::getName).contains(PushLoop.THREAD_NAME);

    agent.close();

    // The JDK's HTTP client stops its selector thread once the client is unreachable, so the
    // closed agent, still held here, must no longer hold its client.
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (started.stream().anyMatch(Thread::isAlive) && System.nanoTime() - deadline < 0) {
      System.gc();
      Thread.sleep(100);
    }
    assertThat(started).filteredOn(Thread::isAlive).extracting(Thread::getName).isEmpty();
    assertThat(agent.status().queued()).isZero();
  }

  @Test
  void handsTheFiringAlertsOfAPushResponseToTheListener() throws Exception {
    Alert dying =
        new Alert(
            "NeuronwatchDyingRelu",
            "http-test",
            "hidden",
            AlertState.FIRING,
            0.75,
            "2026-03-01T12:00:00Z",
            "75% of units in hidden are dead");
    server.enqueue(Answer.response(new PushResponse(1, List.of(dying))));
    List<List<Alert>> heard = new CopyOnWriteArrayList<>();
    NeuronwatchAgent agent = start(config(server.uri()).alertListener(heard::add).build());

    train(agent, hidden, 0, 1);
    Eventually.await("the listener", () -> !heard.isEmpty());

    assertThat(heard).containsExactly(List.of(dying));
    assertThat(agent.firingAlerts()).containsExactly(dying);
  }

  @Test
  void pushesALossSpikeAtOnceAndHandsTheAnswersAlertsToTheListenerLongBeforeTheFlush()
      throws Exception {
    Alert spike =
        new Alert(
            "NeuronwatchLossSpike",
            "http-test",
            "",
            AlertState.FIRING,
            10.0,
            "2026-03-01T12:00:00Z",
            "loss 10 is far above its window");
    server.enqueue(Answer.response(new PushResponse(5, List.of(spike))));
    List<List<Alert>> heard = new CopyOnWriteArrayList<>();
    NeuronwatchAgent agent =
        start(
            config(server.uri())
                .sampleEvery(10)
                .flushInterval(Duration.ofMinutes(10))
                .alertListener(heard::add)
                .build());

    for (long step = 0; step <= 37; step++) {
      if (agent.isSampling(step)) {
        agent.recordLayer(step, hidden);
      }
      agent.endStep(step, step == 37 ? 10.0 : 1.0 + 0.01 * (step % 4));
    }
    Eventually.await("the listener", Duration.ofSeconds(10), () -> !heard.isEmpty());

    assertThat(heard).containsExactly(List.of(spike));
    PushRequest first = server.requests().get(0).push();
    assertThat(first.samples())
        .extracting(StepSample::step)
        .containsExactly(0L, 10L, 20L, 30L, 37L);
    StepSample anomaly = first.samples().get(4);
    assertThat(anomaly.layers()).isEmpty();
    assertThat(anomaly.loss()).isEqualTo(10.0);
    assertThat(anomaly.lossWindow().count()).isEqualTo(37);
    assertThat(agent.isSampling(38)).as("the burst that follows").isTrue();
  }
}
