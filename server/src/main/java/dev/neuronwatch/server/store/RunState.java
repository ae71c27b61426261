package dev.neuronwatch.server.store;

import dev.neuronwatch.model.AgentCounters;
import dev.neuronwatch.model.LayerSample;
import dev.neuronwatch.model.PushRequest;
import dev.neuronwatch.model.StepSample;
import dev.neuronwatch.server.rules.GradientHistory;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/** The mutable state of one run; every method runs under the instance's lock. */
final class RunState {
  private static final Comparator<LayerSample> BY_DEPTH =
      Comparator.comparingInt(LayerSample::depth).thenComparing(LayerSample::name);

  private final String run;
  private final GradientHistory history = new GradientHistory();
  private final Map<String, LayerSample> layers = new HashMap<>();
  private long lastStep = -1;
  private Double loss;
  private Instant lastPushTime;
  private long samples;
  private boolean finished;
  private AgentCounters agent;

  RunState(String run, Instant createdAt) {
    this.run = run;
    this.lastPushTime = createdAt;
  }

  /** Applies the samples newer than the last stored step and the push's run-level fields. */
  synchronized int apply(PushRequest push, Instant receivedAt, RunListener listener) {
    int accepted = 0;
    for (StepSample sample : push.samples()) {
      if (sample.step() <= lastStep) {
        continue;
      }
      lastStep = sample.step();
      loss = sample.loss();
      samples++;
      sample.layers().forEach(layer -> layers.put(layer.name(), layer));
      listener.sampleApplied(history.observe(run, sample));
      accepted++;
    }
    lastPushTime = receivedAt;
    if (push.agent() != null) {
      agent = push.agent();
    }
    // Finished is sticky: a late retry of an earlier push must not reopen the run.
    finished |= push.finished();
    listener.pushApplied(snapshot());
    return accepted;
  }

  synchronized RunSnapshot snapshot() {
    return new RunSnapshot(
        run,
        lastStep < 0 ? null : lastStep,
        loss,
        lastPushTime,
        samples,
        finished,
        layers.values().stream().sorted(BY_DEPTH).toList(),
        agent);
  }
}
