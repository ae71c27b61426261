package dev.neuronwatch.integration;

import dev.neuronwatch.agent.NeuronwatchAgent;
import java.time.Duration;

/**
 * Runs an agent against a healthy server once per test JVM, so that the first push measured does
 * not pay for loading and compiling the sending and serving paths (it takes over half a second
 * cold, about 20 ms warm).
 */
final class WarmUp {
  private static boolean done;

  private WarmUp() {}

  static synchronized void once() throws Exception {
    if (done) {
      return;
    }
    try (Scene scene = Scene.of(Fault.NONE);
        NeuronwatchAgent agent =
            NeuronwatchAgent.start(Agents.config("warm-up", scene.agentUri()).build())) {
      new TimedLoop(new LayerArrays(1)).run(agent, 500, Duration.ZERO);
      agent.finish();
      Await.until("delivery", Duration.ofSeconds(10), () -> agent.status().queued() == 0);
    }
    done = true;
  }
}
