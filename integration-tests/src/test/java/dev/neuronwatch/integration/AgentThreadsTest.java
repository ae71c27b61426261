package dev.neuronwatch.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.agent.push.PushClient;
import dev.neuronwatch.agent.push.PushLoop;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A closed agent leaves no thread behind: its push thread and HTTP workers end with {@code
 * close()}, and the JDK's HTTP selector thread once the client is closed (Java 21 and later) or
 * garbage (Java 17), even while the application still holds the closed agent.
 */
class AgentThreadsTest {
  /** The name ending of the JDK HTTP client's selector thread. */
  private static final String SELECTOR = "SelectorManager";

  /** Java 21 made the HTTP client closeable; before, only garbage collection ends its selector. */
  private static final boolean CLIENTS_CLOSE = Runtime.version().feature() >= 21;

  @Test
  void everyAgentThreadEndsOnceClosedWhileTheAgentIsStillReferenced() throws Exception {
    try (Scene scene = Scene.of(Fault.NONE)) {
      Set<Thread> before = Thread.getAllStackTraces().keySet();
      NeuronwatchAgent agent =
          NeuronwatchAgent.start(Agents.config("threads-healthy", scene.agentUri()).build());
      new TimedLoop(new LayerArrays(5)).run(agent, 100, Duration.ZERO);
      Await.until("a push", Duration.ofSeconds(5), () -> agent.status().samplesPushed() > 0);
      List<Thread> started = agentThreads(before);
      assertThat(started)
          .extracting(Thread::getName)
          .contains(PushLoop.THREAD_NAME)
          .anyMatch(name -> name.startsWith(PushClient.THREAD_NAME))
          .anyMatch(name -> name.endsWith(SELECTOR));

      long closing = System.nanoTime();
      agent.close();
      Duration closeTook = Duration.ofNanos(System.nanoTime() - closing);

      assertThat(started).filteredOn(AgentThreadsTest::isPushThread).noneMatch(Thread::isAlive);
      Duration workersGone = awaitEnd(started, AgentThreadsTest::isHttpWorker);
      Duration selectorGone = awaitEnd(started, AgentThreadsTest::isHttpSelector);
      System.out.printf(
          "Java %d: close() %d ms; HTTP workers gone %d ms after close; selector thread gone"
              + " %d ms after close (%s)%n",
          Runtime.version().feature(),
          closeTook.toMillis(),
          workersGone.plus(closeTook).toMillis(),
          selectorGone.plus(workersGone).plus(closeTook).toMillis(),
          CLIENTS_CLOSE ? "the client is closed" : "with System.gc() every 100 ms");
      // The application still holds the closed agent: it must not hold the HTTP client.
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

      agent.close();

      assertThat(started).filteredOn(AgentThreadsTest::isPushThread).noneMatch(Thread::isAlive);
      awaitEnd(started, AgentThreadsTest::isHttpWorker);
      awaitEnd(started, AgentThreadsTest::isHttpSelector);
      Reference.reachabilityFence(agent);
    }
  }

  /** The threads started since {@code before} that belong to an agent or an HTTP client. */
  private static List<Thread> agentThreads(Set<Thread> before) {
    List<Thread> started = new ArrayList<>(Thread.getAllStackTraces().keySet());
    started.removeAll(before);
    started.removeIf(
        t -> !t.getName().startsWith("neuronwatch-agent") && !t.getName().startsWith("HttpClient"));
    return started;
  }

  private static boolean isPushThread(Thread thread) {
    return thread.getName().equals(PushLoop.THREAD_NAME);
  }

  private static boolean isHttpWorker(Thread thread) {
    return thread.getName().startsWith(PushClient.THREAD_NAME);
  }

  private static boolean isHttpSelector(Thread thread) {
    return thread.getName().endsWith(SELECTOR);
  }

  /**
   * Waits up to 10 s for the matching threads to end, collecting garbage while waiting on Java 17,
   * where only that ends an HTTP client's selector; returns how long it took.
   */
  private static Duration awaitEnd(List<Thread> threads, Predicate<Thread> which)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + Duration.ofSeconds(10).toNanos();
    while (threads.stream().filter(which).anyMatch(Thread::isAlive)
        && System.nanoTime() - deadline < 0) {
      if (!CLIENTS_CLOSE) {
        System.gc();
      }
      Thread.sleep(CLIENTS_CLOSE ? 10 : 100);
    }
    assertThat(threads).filteredOn(which).noneMatch(Thread::isAlive);
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
