package dev.neuronwatch.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.agent.push.PushLoop;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The agent runs on one thread of its own, the push thread (the HTTP exchange runs on it too), and
 * a closed agent leaves no thread behind, even with a push hanging, even while the application
 * still holds the closed agent.
 */
class AgentThreadsTest {

  @Test
  void anAgentPushingRunsOnItsPushThreadAloneWhichEndsOnceClosed() throws Exception {
    try (Scene scene = Scene.of(Fault.NONE)) {
      Set<Thread> before = Thread.getAllStackTraces().keySet();
      NeuronwatchAgent agent =
          NeuronwatchAgent.start(Agents.config("threads-healthy", scene.agentUri()).build());
      new TimedLoop(new LayerArrays(5)).run(agent, 100, Duration.ZERO);
      Await.until("a push", Duration.ofSeconds(5), () -> agent.status().samplesPushed() > 0);
      List<Thread> started = agentThreads(before);
      assertThat(started).extracting(Thread::getName).containsExactly(PushLoop.THREAD_NAME);

      agent.close();

      assertThat(started).noneMatch(Thread::isAlive);
      // The application still holds the closed agent.
      Reference.reachabilityFence(agent);
    }
  }

  @Test
  void thePushThreadEndsAtCloseEvenWithAPushHanging() throws Exception {
    try (Scene scene = Scene.of(Fault.HANG)) {
      Set<Thread> before = Thread.getAllStackTraces().keySet();
      NeuronwatchAgent agent =
          NeuronwatchAgent.start(
              Agents.config("threads-hang", scene.agentUri())
                  .requestTimeout(Duration.ofSeconds(30))
                  .closeTimeout(Duration.ofMillis(500))
                  .build());
      new TimedLoop(new LayerArrays(5)).run(agent, 100, Duration.ZERO);
      FaultyFront front = scene.front().orElseThrow();
      Await.until("a push to hang", Duration.ofSeconds(5), () -> !front.exchanges().isEmpty());
      List<Thread> started = agentThreads(before);

      long closing = System.nanoTime();
      agent.close();
      Duration closeTook = Duration.ofNanos(System.nanoTime() - closing);

      assertThat(started).isNotEmpty().noneMatch(Thread::isAlive);
      assertThat(closeTook).isLessThan(Duration.ofSeconds(5));
      Reference.reachabilityFence(agent);
    }
  }

  /**
   * The threads started since {@code before} that belong to an agent (the scene's own HTTP clients,
   * which talk to the server for the test, have threads of their own).
   */
  private static List<Thread> agentThreads(Set<Thread> before) {
    List<Thread> started = new ArrayList<>(Thread.getAllStackTraces().keySet());
    started.removeAll(before);
    started.removeIf(t -> !t.getName().startsWith("neuronwatch-agent"));
    return started;
  }
}
