package dev.neuronwatch.agent;

import dev.neuronwatch.agent.push.DeliveryCounters;
import dev.neuronwatch.agent.push.PushClient;
import dev.neuronwatch.agent.push.PushLoop;
import dev.neuronwatch.model.AgentCounters;
import dev.neuronwatch.model.Alert;
import dev.neuronwatch.model.StepSample;
import java.lang.System.Logger;
import java.util.List;

/**
 * The in-process agent: measures layers on the training thread every {@code sampleEvery} steps
 * and pushes the samples to the Neuronwatch server from one daemon thread.
 *
 * <p>The training thread never waits for the network and never sees an exception from the agent:
 * statistics are computed synchronously in {@link #recordLayer(long, LayerTensors)} (a few passes
 * over the layer's arrays, no allocation beyond the result), {@link #endStep(long, double)} hands
 * the step to a bounded queue, and a full queue drops the sample and counts it. Problems (a wrong
 * array length, steps that do not increase) are logged once and counted as dropped samples.
 *
 * <p>Steps must increase over the run; a sample for a step not after the previous sample is
 * dropped. Calls from several threads are safe; they serialise among themselves, never with the
 * push thread.
 *
 * <pre>{@code
 * AgentConfig config = AgentConfig.builder().run("mnist-7").build();
 * try (NeuronwatchAgent agent = NeuronwatchAgent.start(config)) {
 *   LayerTensors hidden = LayerTensors.of("dense_0", 0, ActivationKind.RELU, 32, 128);
 *   for (long step = 0; step < steps; step++) {
 *     double loss = trainOneBatch();
 *     if (agent.isSampling(step)) {
 *       agent.recordLayer(step, hidden.output(h).outputGradient(dh).weights(w).weightGradient(dw));
 *     }
 *     agent.endStep(step, loss);
 *   }
 *   agent.finish();
 * }
 * }</pre>
 */
public final class NeuronwatchAgent implements AutoCloseable {
  private static final Logger LOG = System.getLogger(NeuronwatchAgent.class.getName());

  private final AgentConfig config;
  private final PushLoop pushLoop;
  private final LayerSampler sampler;
  private final StepRecorder steps = new StepRecorder();
  private final OnceLog problems = new OnceLog(LOG);
  private final Object stepLock = new Object();
  private final long sampleEvery;
  private volatile boolean closed;

  private NeuronwatchAgent(AgentConfig config, PushLoop pushLoop) {
    this.config = config;
    this.pushLoop = pushLoop;
    this.sampler = new LayerSampler(config.saturationEpsilon());
    this.sampleEvery = config.sampleEvery();
  }

  /** Starts an agent and its push thread. */
  public static NeuronwatchAgent start(AgentConfig config) {
    // The agent's own HTTP client ends with it; a sink the caller supplied stays theirs.
    PushLoop pushLoop =
        config
            .sink()
            .map(sink -> new PushLoop(config, sink))
            .orElseGet(() -> PushLoop.owning(config, PushClient.forConfig(config)));
    NeuronwatchAgent agent = new NeuronwatchAgent(config, pushLoop);
    agent.pushLoop.start();
    return agent;
  }

  /** The configuration the agent runs with. */
  public AgentConfig config() {
    return config;
  }

  /** Whether {@code step} is sampled: a multiple of {@code sampleEvery}, and the agent is open. */
  public boolean isSampling(long step) {
    return !closed && step >= 0 && step % sampleEvery == 0;
  }

  /**
   * Measures {@code layer} now, on the calling thread, when {@code step} is sampled; otherwise
   * returns at once. Reads the arrays before returning and keeps no reference to them. Never
   * throws.
   */
  public void recordLayer(long step, LayerTensors layer) {
    if (!isSampling(step) || layer == null) {
      return;
    }
    synchronized (stepLock) {
      try {
        steps.add(step, sampler.sample(layer));
      } catch (Throwable t) {
        steps.markBroken(step, reason(t));
        problems.log("layer:" + layer.name(), "cannot measure layer " + layer.name(), t);
      }
    }
  }

  /**
   * Ends {@code step}: when layers were recorded for it, queues a sample with {@code loss} (a NaN
   * or infinite loss is sent as absent and flagged). Never blocks, never throws.
   */
  public void endStep(long step, double loss) {
    boolean finite = Double.isFinite(loss);
    end(step, finite ? loss : null, !finite);
  }

  /** Ends {@code step} for a training loop that has no loss to report. */
  public void endStep(long step) {
    end(step, null, false);
  }

  private void end(long step, Double loss, boolean lossNonFinite) {
    if (!isSampling(step)) {
      return;
    }
    try {
      StepSample sample;
      synchronized (stepLock) {
        sample = steps.end(step, loss, lossNonFinite, System.currentTimeMillis());
      }
      if (sample != null) {
        pushLoop.offer(sample);
      }
    } catch (Throwable t) {
      pushLoop.counters().taken();
      pushLoop.counters().dropped(1);
      problems.log("step:" + t.getClass().getName(), "step " + step + ": " + reason(t), t);
    }
  }

  private static String reason(Throwable t) {
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  /** The run ended normally: the push that empties the queue tells the server so. */
  public void finish() {
    pushLoop.requestFinish();
  }

  /** The agent's counters now. */
  public AgentStatus status() {
    AgentCounters counters = pushLoop.counters().snapshot();
    return new AgentStatus(
        counters.samplesTaken(),
        counters.samplesPushed(),
        counters.samplesDropped(),
        counters.pushesFailed(),
        DeliveryCounters.undelivered(counters));
  }

  /** The run's firing alerts according to the last accepted push; empty before the first. */
  public List<Alert> firingAlerts() {
    return pushLoop.firingAlerts();
  }

  /**
   * Stops sampling, delivers what is queued within {@code closeTimeout}, and stops the push
   * thread and the HTTP client's threads; samples left undelivered are counted as dropped.
   * Returns within {@code closeTimeout}, even when the server hangs. Idempotent; never throws.
   */
  @Override
  public void close() {
    closed = true;
    try {
      pushLoop.close(config.closeTimeout());
    } catch (Throwable t) {
      LOG.log(Logger.Level.WARNING, "closing the agent failed", t);
    }
  }
}
