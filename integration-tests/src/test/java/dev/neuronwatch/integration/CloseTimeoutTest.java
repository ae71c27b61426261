package dev.neuronwatch.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.agent.AgentStatus;
import dev.neuronwatch.agent.NeuronwatchAgent;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code close()} keeps to its timeout even when the server accepts pushes and never answers. */
class CloseTimeoutTest {
  /** What thread scheduling on a busy 2-core machine may add to a timed wait. */
  static final Duration SCHEDULING_SLACK = Duration.ofMillis(250);

  @Test
  void closeReturnsWithinItsTimeoutWhileTheServerHangs() throws Exception {
    Duration closeTimeout = Duration.ofMillis(800);
    try (Scene scene = Scene.of(Fault.HANG)) {
      NeuronwatchAgent agent =
          NeuronwatchAgent.start(
              Agents.config("close-hang", scene.agentUri())
                  .requestTimeout(Duration.ofSeconds(30))
                  .closeTimeout(closeTimeout)
                  .build());
      new TimedLoop(new LayerArrays(3)).run(agent, 100, Duration.ZERO);
      agent.finish();
      FaultyFront front = scene.front().orElseThrow();
      Await.until("a push to hang", Duration.ofSeconds(5), () -> !front.exchanges().isEmpty());

      long start = System.nanoTime();
      agent.close();
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      System.out.printf(
          "close() with a push hanging, closeTimeout %d ms: took %d ms%n",
          closeTimeout.toMillis(), took.toMillis());
      assertThat(took).isLessThanOrEqualTo(closeTimeout.plus(SCHEDULING_SLACK));
      // Settled even if the machine was too busy for the push thread to end in time.
      AgentStatus closed = agent.status();
      Accounting.assertSettled(closed);
      assertThat(closed.queued()).isZero();
      assertThat(closed.samplesPushed()).isZero();
      assertThat(closed.samplesDropped()).isEqualTo(closed.samplesTaken()).isEqualTo(100);
    }
  }
}
