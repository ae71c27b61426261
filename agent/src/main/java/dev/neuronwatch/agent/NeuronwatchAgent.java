package dev.neuronwatch.agent;

import dev.neuronwatch.agent.push.DeliveryCounters;
import dev.neuronwatch.agent.push.PushLoop;
import dev.neuronwatch.protocol.AgentCounters;
import dev.neuronwatch.protocol.Alert;
import dev.neuronwatch.protocol.LossWindow;
import dev.neuronwatch.protocol.StepSample;
import java.lang.System.Logger;
import java.util.List;

/**
 * The in-process agent: measures layers on the training thread every {@code sampleEvery} steps and
 * pushes the samples to the Neuronwatch server from one daemon thread.
 *
 * <p>The training thread never waits for the network and never sees an exception from the agent:
 * statistics are computed synchronously in {@link #recordLayer(long, LayerTensors)} (a few passes
 * over the layer's arrays, no allocation beyond the result), {@link #endStep(long, double)} hands
 * the step to a bounded queue, and a full queue drops the sample and counts it. Problems (a wrong
 * array length, steps that do not increase) are logged once and counted as dropped samples.
 *
 * <p>Every step's loss goes into a rolling window (median, MAD) that each sample carries. The agent
 * watches every step for anomalies: a loss spike (above the window's median by more than 6
 * normal-consistent MADs and more than twice a positive median, with at least 32 losses in the
 * window), a loss turning non-finite, and on sampled steps the network's weight gradient norm above
 * ten times the largest of its last 16 sampled values or non-finite values appearing in any tensor.
 * On an anomaly at step {@code t} a step that was not sampled is sent with its loss only, and a
 * burst starts: steps {@code t+1 .. t+burstSteps} are all sampled, and the anomaly's sample and
 * every sample of the burst are pushed at once rather than at the next flush.
 *
 * <p>The first {@code openingSteps} steps of a run (from the first step the agent is asked about)
 * are sampled too, pushed at the usual pace: initialisation and learning-rate mistakes show in the
 * first steps, and a run that blows up before its first regular sample would otherwise be seen only
 * once it is NaN.
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
  private final long burstSteps;
  private final AnomalyWatch anomalies;
  private volatile boolean closed;
  // The last step of the current burst; -1 before the first. Written under stepLock.
  private volatile long burstUntil = -1;
  // The last step of the opening burst; Long.MIN_VALUE until the first step is known.
  private volatile long openingUntil = Long.MIN_VALUE;
  private volatile long anomalyCount;
  private volatile long burstCount;

  private NeuronwatchAgent(AgentConfig config, PushLoop pushLoop) {
    this.config = config;
    this.pushLoop = pushLoop;
    this.sampler = new LayerSampler(config.saturationEpsilon());
    this.sampleEvery = config.sampleEvery();
    this.burstSteps = config.burstSteps();
    this.anomalies = new AnomalyWatch(config.lossWindow());
  }

  /** Starts an agent and its push thread. */
  public static NeuronwatchAgent start(AgentConfig config) {
    // The agent's own HTTP client ends with it; a sink the caller supplied stays theirs.
    PushLoop pushLoop =
        config
            .sink()
            .map(sink -> new PushLoop(config.pushSettings(), sink))
            .orElseGet(() -> PushLoop.owning(config.pushSettings(), config.pushClient()));
    NeuronwatchAgent agent = new NeuronwatchAgent(config, pushLoop);
    agent.pushLoop.start();
    return agent;
  }

  /** The configuration the agent runs with. */
  public AgentConfig config() {
    return config;
  }

  /**
   * Whether {@code step} is sampled: the agent is open and the step is a multiple of {@code
   * sampleEvery}, falls in a burst (the {@code burstSteps} steps after an anomaly) or in the
   * opening burst (the run's first {@code openingSteps} steps). Call it for the step about to be
   * recorded: a burst starts when the anomaly's step has ended.
   */
  public boolean isSampling(long step) {
    return !closed
        && step >= 0
        && (step % sampleEvery == 0 || step <= burstUntil || step <= opening(step));
  }

  /** The last step of the opening burst, fixed by the first step asked about. */
  private long opening(long step) {
    long until = openingUntil;
    if (until == Long.MIN_VALUE) {
      synchronized (stepLock) {
        until = openingUntil;
        if (until == Long.MIN_VALUE) {
          long opening = config.openingSteps();
          until = step > Long.MAX_VALUE - opening ? Long.MAX_VALUE : step + opening - 1;
          openingUntil = until;
        }
      }
    }
    return until;
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
   * or infinite loss is sent as absent and flagged). Call it on every step, sampled or not: the
   * loss feeds the window that each sample carries and in which loss spikes are found. On an
   * anomaly (see the class comment) a step without layers is still sent, with its loss only, and a
   * burst starts. Never blocks, never throws.
   */
  public void endStep(long step, double loss) {
    end(step, loss, true);
  }

  /** Ends {@code step} for a training loop that has no loss to report. */
  public void endStep(long step) {
    end(step, Double.NaN, false);
  }

  // The loss stays a primitive until a sample is built: a step that is not sampled allocates
  // nothing.
  private void end(long step, double rawLoss, boolean hasLoss) {
    if (closed || step < 0) {
      return;
    }
    boolean lossNonFinite = hasLoss && !Double.isFinite(rawLoss);
    StepSample sample = null;
    boolean urgent = false;
    synchronized (stepLock) {
      try {
        boolean sampled = isSampling(step);
        boolean inBurst = step <= burstUntil;
        boolean anomaly = anomalies.lossAnomaly(hasLoss, rawLoss);
        LossWindow window = null;
        Double loss = null;
        if (sampled || anomaly) {
          window = anomalies.window();
          loss = hasLoss && !lossNonFinite ? rawLoss : null;
        }
        if (hasLoss) {
          anomalies.addLoss(rawLoss);
        }
        try {
          if (sampled) {
            sample = steps.end(step, loss, lossNonFinite, System.currentTimeMillis(), window);
            anomaly |= sample != null && anomalies.layerAnomaly(sample.layers());
          }
        } finally {
          if (anomaly) {
            startBurst(step);
          }
        }
        if (anomaly && sample == null) {
          sample = steps.layerless(step, loss, lossNonFinite, System.currentTimeMillis(), window);
        }
        urgent = anomaly || inBurst;
      } catch (Throwable t) {
        pushLoop.counters().taken();
        pushLoop.counters().dropped(1);
        problems.log("step:" + t.getClass().getName(), "step " + step + ": " + reason(t), t);
        return;
      }
    }
    if (sample != null) {
      pushLoop.offer(sample, urgent);
    }
  }

  private void startBurst(long step) {
    anomalyCount++;
    if (burstSteps == 0) {
      return;
    }
    if (step > burstUntil) {
      burstCount++;
    }
    long until = step > Long.MAX_VALUE - burstSteps ? Long.MAX_VALUE : step + burstSteps;
    burstUntil = Math.max(burstUntil, until);
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
        DeliveryCounters.undelivered(counters),
        anomalyCount,
        burstCount,
        pushLoop.refusedStatus());
  }

  /**
   * The run's attempt number on the server according to the last accepted push (1 for a run's first
   * attempt; more when this run name started again, see {@link AgentConfig#attempt()}), 0 before a
   * push was answered or against an older server.
   */
  public int attempt() {
    return pushLoop.serverAttempt();
  }

  /** The run's firing alerts according to the last accepted push; empty before the first. */
  public List<Alert> firingAlerts() {
    return pushLoop.firingAlerts();
  }

  /**
   * Stops sampling, delivers what is queued within {@code closeTimeout}, and stops the push thread
   * and the HTTP client's threads; samples left undelivered are counted as dropped. Returns within
   * {@code closeTimeout}, even when the server hangs. Idempotent; never throws.
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
