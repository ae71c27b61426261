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
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reference network trained with an agent pushing into each fault ends bit-identical to the
 * same training without an agent, and every sample the agent took is accounted for: delivered
 * once the fault is lifted, or counted as dropped.
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

  private static TrainingResult unobserved;

  @BeforeAll
  static void trainWithoutAnAgent() {
    unobserved = Trainer.train(CONFIG, null, null);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Fault.class)
  void trainingIsBitIdenticalAndEverySampleIsDeliveredOrCounted(Fault fault) throws Exception {
    String run = Agents.run("faults", fault);
    try (Scene scene = Scene.of(fault)) {
      NeuronwatchAgent agent =
          NeuronwatchAgent.start(Agents.config(run, scene.agentUri()).build());
      AgentStatus atHeal;
      try {
        TrainingResult result = Trainer.train(CONFIG, agent, restartMidRun(scene, agent, run));

        assertThat(result.weightsChecksum()).isEqualTo(unobserved.weightsChecksum());
        assertThat(result.finalLoss()).isEqualTo(unobserved.finalLoss());
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
      assertThat(closed.samplesPushed() + closed.samplesDropped()).isEqualTo(CONFIG.steps());
      assertThat(closed.queued()).isZero();
      if (RETRIED_FROM_THE_START.contains(fault)) {
        // The queue and the batch being retried hold the oldest samples; the rest were dropped.
        int held = QUEUE_CAPACITY + MAX_SAMPLES_PER_PUSH;
        assertThat(atHeal)
            .isEqualTo(new AgentStatus(300, 0, 300 - held, atHeal.pushesFailed(), held));
      }

      RunView stored = scene.run(run).orElseThrow();
      long storedSamples = stored.samples() + scene.samplesBeforeRestart();
      assertThat(stored.agent().samplesTaken()).isEqualTo(CONFIG.steps());
      assertThat(storedSamples).isLessThanOrEqualTo(CONFIG.steps());
      if (fault == Fault.SLOW) {
        // A push the agent gave up on still reached the server, so its retry was answered
        // "accepted 0" and counted as dropped: the server holds at least what the agent counts.
        assertThat(storedSamples)
            .isGreaterThanOrEqualTo(closed.samplesPushed())
            .isEqualTo(scene.front().orElseThrow().forwardedSteps().size());
      } else {
        assertThat(storedSamples).isEqualTo(closed.samplesPushed());
      }
      if (fault != Fault.TOO_LARGE) {
        assertThat(storedSamples).isGreaterThanOrEqualTo(atHeal.samplesPushed() + atHeal.queued());
        assertThat(stored.finished()).isTrue();
      } else {
        assertThat(closed.samplesDropped()).isPositive();
      }
      if (fault == Fault.RATE_LIMITED) {
        assertThat(gapsBetweenRefusedPushes(scene.front().orElseThrow().exchanges()))
            .isNotEmpty()
            .allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
      }
    }
  }

  /**
   * For {@link Fault#RESTARTED}: stops the server at step 100 once it has samples of the run, and
   * starts a new one on the same port at step 200 once the agent has failed to push.
   */
  private static ProgressListener restartMidRun(Scene scene, NeuronwatchAgent agent, String run) {
    if (scene.fault() != Fault.RESTARTED) {
      return null;
    }
    return progress -> {
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

  private static List<Duration> gapsBetweenRefusedPushes(List<Exchange> exchanges) {
    List<Exchange> refused =
        exchanges.stream().filter(e -> e.fault() == Fault.RATE_LIMITED).toList();
    return IntStream.range(1, refused.size())
        .mapToObj(
            i ->
                Duration.ofNanos(
                    refused.get(i).arrivedNanos() - refused.get(i - 1).arrivedNanos()))
        .toList();
  }
}
