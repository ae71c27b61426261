package dev.neuronwatch.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.agent.NeuronwatchAgent;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No agent call on the training thread waits for the network, whatever the server does: each stays
 * far below the network timeouts in play, and {@code close()} returns within its timeout. The
 * measured figures are printed as a table at the end (see FAULTS.md).
 */
class TrainingThreadNeverWaitsTest {
  static final int STEPS = 1000;
  static final Duration STEP_PAUSE = Duration.ofMillis(1);

  /** A call that took this long could have waited on a request; none may come close. */
  static final Duration WAITED_ON_THE_NETWORK = Agents.REQUEST_TIMEOUT.dividedBy(2);

  private static final Map<Fault, String> ROWS = new TreeMap<>();

  @BeforeAll
  static void warmUp() throws Exception {
    WarmUp.once();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Fault.class)
  void noAgentCallWaitsForTheNetwork(Fault fault) throws Exception {
    String run = Agents.run("timing", fault);
    try (Scene scene = Scene.of(fault)) {
      NeuronwatchAgent agent = NeuronwatchAgent.start(Agents.config(run, scene.agentUri()).build());
      TimedLoop.Timing timing;
      long closeNanos;
      try {
        timing =
            new TimedLoop(new LayerArrays(7))
                .run(agent, STEPS, STEP_PAUSE, step -> restartMidRun(scene, run, step));
      } finally {
        long start = System.nanoTime();
        agent.close();
        closeNanos = System.nanoTime() - start;
      }

      ROWS.put(fault, row(fault, timing, closeNanos, agent.status().pushesFailed()));
      Accounting.assertSettled(agent.status());
      assertThat(timing.longestCall()).isLessThan(WAITED_ON_THE_NETWORK);
      assertThat(Duration.ofNanos(closeNanos))
          .isLessThanOrEqualTo(Agents.CLOSE_TIMEOUT.plus(CloseTimeoutTest.SCHEDULING_SLACK));
      // Each fault was met, not merely set up.
      if (fault != Fault.NONE) {
        assertThat(agent.status().pushesFailed()).isPositive();
      }
    }
  }

  /** For {@link Fault#RESTARTED}: the server stops a third into the run and is back at two. */
  private static void restartMidRun(Scene scene, String run, long step) {
    if (scene.fault() == Fault.RESTARTED && step == STEPS / 3) {
      scene.stopServer(run);
    } else if (scene.fault() == Fault.RESTARTED && step == 2 * STEPS / 3) {
      scene.startServerAgain();
    }
  }

  private static String row(Fault fault, TimedLoop.Timing timing, long closeNanos, long failed) {
    return String.format(
        Locale.ROOT,
        "| %-13s | %6d | %15.2f | %15.2f | %12.1f | %8d | %13d |",
        fault,
        timing.calls(),
        timing.longestCallNanos() / 1e6,
        timing.longestStepNanos() / 1e6,
        timing.meanStepMicros(),
        closeNanos / 1_000_000,
        failed);
  }

  @AfterAll
  static void printTable() {
    StringBuilder table =
        new StringBuilder(
            "\nAgent time on the training thread, "
                + STEPS
                + " steps, every step sampled, 4 layers at batch 64:\n"
                + "| fault         |  calls | longest call ms | longest step ms | mean step us"
                + " | close ms | failed pushes |\n"
                + "|---|---:|---:|---:|---:|---:|---:|\n");
    ROWS.values().forEach(row -> table.append(row).append('\n'));
    System.out.println(table);
  }
}
