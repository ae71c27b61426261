package dev.neuronwatch.integration;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.AgentStatus;
import dev.neuronwatch.agent.LayerTensors;
import dev.neuronwatch.agent.NeuronwatchAgent;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * One legitimate training job of the soak: a real agent, on a thread of its own, fed the arrays of
 * a small ReLU network ({@link LayerArrays}) every step at {@code stepsPerSecond}, every step
 * sampled, pushing over HTTP through a {@link RecordingSink} that keeps what the server
 * acknowledged. {@link #stop()} ends the loop, marks the run finished and closes the agent.
 *
 * <pre>{@code
 * SoakAgent job = SoakAgent.start("soak-0", server.uri(), 10);
 * ...
 * AgentStatus closed = job.stop();
 * job.sink().acknowledged();
 * }</pre>
 */
final class SoakAgent {
  /** The wait for the server while it restarts: retries come at least this often. */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

  /** Long enough that only a server that stopped answering makes a push time out. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** Room for the samples of a restart or two on a slow machine at the soak's pace. */
  static final int QUEUE_CAPACITY = 1024;

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final String run;
  private final RecordingSink sink;
  private final NeuronwatchAgent agent;
  private final LayerArrays network;
  private final long periodNanos;
  private final Thread thread;
  private volatile boolean stopping;
  private boolean stopped;
  private volatile long steps;

  private SoakAgent(String run, URI server, double stepsPerSecond, long seed) {
    this.run = run;
    this.sink = new RecordingSink(server, CONNECT_TIMEOUT, REQUEST_TIMEOUT);
    AgentConfig config =
        AgentConfig.builder()
            .run(run)
            .serverUri(server)
            .sampleEvery(1)
            .queueCapacity(QUEUE_CAPACITY)
            .requestTimeout(REQUEST_TIMEOUT)
            .connectTimeout(CONNECT_TIMEOUT)
            .maxBackoff(MAX_BACKOFF)
            .closeTimeout(CLOSE_TIMEOUT)
            .sink(sink)
            .build();
    this.agent = NeuronwatchAgent.start(config);
    this.network = new LayerArrays(seed, 2, 16);
    this.periodNanos = (long) (1e9 / stepsPerSecond);
    this.thread = new Thread(this::train, "soak-training-" + run);
    this.thread.setDaemon(true);
  }

  static SoakAgent start(String run, URI server, double stepsPerSecond, long seed) {
    SoakAgent job = new SoakAgent(run, server, stepsPerSecond, seed);
    job.thread.start();
    return job;
  }

  /** The loss the job reports at {@code step}: falling smoothly, never a spike. */
  static double loss(long step) {
    return 2.0 / (1.0 + step / 100.0);
  }

  String run() {
    return run;
  }

  RecordingSink sink() {
    return sink;
  }

  /** The agent's counters now. */
  AgentStatus status() {
    return agent.status();
  }

  long steps() {
    return steps;
  }

  private void train() {
    long next = System.nanoTime();
    for (long step = 1; !stopping; step++) {
      network.nextStep();
      for (LayerTensors layer : network.layers()) {
        agent.recordLayer(step, layer);
      }
      agent.endStep(step, loss(step));
      steps = step;
      next += periodNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      } else {
        // Behind (a busy machine): go on from now rather than catch up in a burst.
        next = System.nanoTime();
      }
    }
  }

  /** Ends training, marks the run finished, closes the agent and its sink; its final counters. */
  synchronized AgentStatus stop() throws InterruptedException {
    if (!stopped) {
      stopping = true;
      thread.join();
      agent.finish();
      agent.close();
      sink.close();
      stopped = true;
    }
    return agent.status();
  }

  /** As {@link #stop()}, for clean-up after a failure: nothing is thrown. */
  void stopQuietly() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // Cleaning up after another failure, which is the one to report.
    }
  }
}
