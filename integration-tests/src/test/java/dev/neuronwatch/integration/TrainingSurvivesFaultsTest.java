package dev.neuronwatch.integration;

import static dev.neuronwatch.integration.Agents.MAX_SAMPLES_PER_PUSH;
import static dev.neuronwatch.integration.Agents.QUEUE_CAPACITY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.agent.AgentStatus;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.integration.FaultyFront.Exchange;
import dev.neuronwatch.trainer.ProgressListener;
import dev.neuronwatch.trainer.Trainer;
import dev.neuronwatch.trainer.TrainingConfig;
import dev.neuronwatch.trainer.TrainingResult;
import dev.neuronwatch.trainer.scenario.Scenario;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reference network trained with an agent pushing into each fault ends bit-identical to the
 * same training without an agent, and every sample the agent took is accounted for: delivered once
 * the fault is lifted, or counted as dropped.
 */
class TrainingSurvivesFaultsTest {
  /** Small and quick, with dropout so that the run's random source is drawn from every step. */
  static final TrainingConfig CONFIG =
      Scenario.HEALTHY.config().toBuilder()
          .steps(300)
          .width(32)
          .samples(600)
          .dropout(0.1)
          .evalEvery(50)
          .build();

  /** The pause at every progress report, every 50 steps. */
  private static final Duration PROGRESS_PAUSE = Duration.ofMillis(50);

  /** The faults that keep the agent retrying one batch while the queue fills up behind it. */
  private static final Set<Fault> RETRIED_FROM_THE_START =
      EnumSet.of(
          Fault.ABSENT,
          Fault.SLOW,
          Fault.SERVER_ERROR,
          Fault.RATE_LIMITED,
          Fault.GARBAGE_BYTES,
          Fault.NOT_JSON,
          Fault.HANG);

  private static final Map<Fault, String> ROWS = new TreeMap<>();
  private static final List<Duration> RATE_LIMIT_GAPS = new CopyOnWriteArrayList<>();
  private static TrainingResult unobserved;

  @BeforeAll
  static void trainWithoutAnAgent() throws Exception {
    WarmUp.once();
    unobserved = Trainer.train(CONFIG, null, null);
  }

  @AfterAll
  static void printTable() {
    StringBuilder table =
        new StringBuilder(
            "\nDelivery under faults, "
                + CONFIG.steps()
                + " samples taken, queue "
                + QUEUE_CAPACITY
                + " + batch "
                + MAX_SAMPLES_PER_PUSH
                + ":\n| fault | queued at heal | dropped at heal | pushed | dropped"
                + " | failed pushes | stored | steps forwarded |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
    ROWS.values().forEach(row -> table.append(row).append('\n'));
    RATE_LIMIT_GAPS.stream()
        .min(Duration::compareTo)
        .ifPresent(
            gap ->
                table.append(
                    "Shortest gap between pushes answered 429 with Retry-After: 1: "
                        + gap.toMillis()
                        + " ms\n"));
    System.out.println(table);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Fault.class)
  void trainingIsBitIdenticalAndEverySampleIsDeliveredOrCounted(Fault fault) throws Exception {
    String run = Agents.run("faults", fault);
    try (Scene scene = Scene.of(fault)) {
      NeuronwatchAgent agent = NeuronwatchAgent.start(Agents.config(run, scene.agentUri()).build());
      AgentStatus atHeal;
      try {
        TrainingResult result = Trainer.train(CONFIG, agent, paceAndRestart(scene, agent, run));

        assertThat(result.weightsChecksum()).isEqualTo(unobserved.weightsChecksum());
        assertThat(Double.doubleToRawLongBits(result.finalLoss()))
            .isEqualTo(Double.doubleToRawLongBits(unobserved.finalLoss()));
        assertThat(result).isEqualTo(unobserved);

        if (fault != Fault.NONE && fault != Fault.RESTARTED) {
          Await.until(
              "two failed pushes",
              Duration.ofSeconds(10),
              () -> agent.status().pushesFailed() >= 2);
        }
        atHeal = agent.status();
        scene.heal();
        Await.until("delivery", Duration.ofSeconds(15), () -> agent.status().queued() == 0);
      } finally {
        agent.close();
      }

      AgentStatus closed = agent.status();
      assertThat(closed.samplesTaken()).isEqualTo(CONFIG.steps());
      Accounting.assertSettled(closed);
      if (RETRIED_FROM_THE_START.contains(fault)) {
        assertQueueFilledToItsBound(atHeal);
      }
      long stored = assertServerStoredWhatTheAgentCounts(scene, run, atHeal, closed);
      ROWS.put(
          fault,
          String.format(
              Locale.ROOT,
              "| %-13s | %5d | %5d | %6d | %6d | %7d | %6d | %13d |",
              fault,
              atHeal.queued(),
              atHeal.samplesDropped(),
              closed.samplesPushed(),
              closed.samplesDropped(),
              closed.pushesFailed(),
              stored,
              scene.front().map(f -> f.forwardedSteps().size()).orElse(0)));
      if (fault == Fault.RATE_LIMITED) {
        List<Duration> gaps = gapsBetweenRefusedPushes(scene.front().orElseThrow().exchanges());
        assertThat(gaps)
            .isNotEmpty()
            .allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
        RATE_LIMIT_GAPS.addAll(gaps);
      }
    }
  }

  /**
   * The batch being retried (16 samples, unless a flush took it earlier) and the full queue behind
   * it hold the oldest samples; every later one was dropped and counted.
   */
  private static void assertQueueFilledToItsBound(AgentStatus atHeal) {
    assertThat(atHeal.queued())
        .isGreaterThan(QUEUE_CAPACITY)
        .isLessThanOrEqualTo(QUEUE_CAPACITY + MAX_SAMPLES_PER_PUSH);
    assertThat(atHeal)
        .isEqualTo(
            new AgentStatus(
                CONFIG.steps(),
                0,
                CONFIG.steps() - atHeal.queued(),
                atHeal.pushesFailed(),
                atHeal.queued()));
  }

  /**
   * The server (both servers of a restart together) stored each sample the agent counts as pushed
   * once, and what was queued when the fault was lifted; returns how many samples it stored.
   */
  private static long assertServerStoredWhatTheAgentCounts(
      Scene scene, String run, AgentStatus atHeal, AgentStatus closed) {
    RunView view = scene.run(run).orElseThrow();
    long stored = view.samples() + scene.samplesBeforeRestart();
    assertThat(view.agent().samplesTaken()).isEqualTo(CONFIG.steps());
    assertThat(stored).isLessThanOrEqualTo(CONFIG.steps());
    // A push the agent gave up on (SLOW) may still have reached the server: its retry's answer
    // names those samples as duplicates and the agent counts them as pushed all the same.
    assertThat(stored).isEqualTo(closed.samplesPushed());
    if (scene.fault() == Fault.TOO_LARGE) {
      // Refused one sample at a time: dropped and counted, and so was the finishing push.
      assertThat(closed.samplesDropped()).isPositive();
    } else {
      assertThat(stored).isGreaterThanOrEqualTo(atHeal.samplesPushed() + atHeal.queued());
      assertThat(view.finished()).isTrue();
      // The finishing push carried the agent's final counters.
      Accounting.assertSettled(view);
      assertThat(view.agent().samplesPushed()).isEqualTo(closed.samplesPushed());
    }
    return stored;
  }

  /**
   * Paces the training (it would otherwise produce a sample every half millisecond, far faster than
   * a real run) by pausing at every progress report, which does not change its result. For {@link
   * Fault#RESTARTED} it also stops the server at step 100, once it has samples of the run, and
   * starts a new one on the same port at step 200, once the agent has failed to push.
   */
  private static ProgressListener paceAndRestart(Scene scene, NeuronwatchAgent agent, String run) {
    return progress -> {
      pause(PROGRESS_PAUSE);
      if (scene.fault() != Fault.RESTARTED) {
        return;
      }
      if (progress.step() == 100) {
        Await.until(
            "samples on the first server",
            Duration.ofSeconds(5),
            () -> scene.server().run(run).map(r -> r.samples() > 0).orElse(false));
        scene.stopServer(run);
      } else if (progress.step() == 200) {
        Await.until(
            "a failed push", Duration.ofSeconds(5), () -> agent.status().pushesFailed() >= 1);
        scene.startServerAgain();
      }
    };
  }

  private static void pause(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<Duration> gapsBetweenRefusedPushes(List<Exchange> exchanges) {
    List<Exchange> refused =
        exchanges.stream().filter(e -> e.fault() == Fault.RATE_LIMITED).toList();
    return IntStream.range(1, refused.size())
        .mapToObj(
            i ->
                Duration.ofNanos(refused.get(i).arrivedNanos() - refused.get(i - 1).arrivedNanos()))
        .toList();
  }
}
