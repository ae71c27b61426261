package dev.neuronwatch.server.store;

import dev.neuronwatch.model.AgentCounters;
import dev.neuronwatch.model.LayerSample;
import dev.neuronwatch.model.PushRequest;
import dev.neuronwatch.model.StepSample;
import dev.neuronwatch.server.rules.GradientHistory;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The mutable state of one run; every method runs under the instance's lock. Once ended (deleted
 * or evicted) it takes no more pushes: the store then starts the run afresh.
 */
final class RunState {
  /** What {@link #apply} answers once the state has ended. */
  static final Applied ENDED = new Applied(-1, 0, 0, false);

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
  private boolean ended;

  RunState(String run, Instant createdAt) {
    this.run = run;
    this.lastPushTime = createdAt;
  }

  /**
   * Applies the samples newer than the last stored step and the push's run-level fields.
   *
   * @return the samples applied and skipped as already held, or {@link #ENDED}, having applied
   *     nothing
   * @throws LimitExceededException having applied nothing, when the run would get more than {@code
   *     maxLayers} distinct layers
   */
  synchronized Applied apply(
      PushRequest push, Instant receivedAt, int maxLayers, RunListener listener) {
    if (ended) {
      return ENDED;
    }
    checkLayers(push, maxLayers);
    long before = lastStep;
    int accepted = 0;
    int duplicates = 0;
    for (StepSample sample : push.samples()) {
      if (sample.step() <= lastStep) {
        duplicates++;
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
    // A push wholly older than what the run held was delivered late (its agent gave up on it and
    // went on): its counters are older than the ones held.
    List<StepSample> samples = push.samples();
    boolean late = !samples.isEmpty() && samples.get(samples.size() - 1).step() < before;
    if (push.agent() != null && !late) {
      agent = push.agent();
    }
    // Finished is sticky: a late retry of an earlier push must not reopen the run.
    finished |= push.finished();
    listener.pushApplied(snapshot());
    return new Applied(accepted, duplicates, 1, false);
  }

  /**
   * @throws LimitExceededException naming the first new layer over the limit when the samples this
   *     state would apply bring more than {@code maxLayers} distinct layers
   */
  synchronized void checkLayers(PushRequest push, int maxLayers) {
    Set<String> added = new HashSet<>();
    List<StepSample> pushed = push.samples();
    for (int i = 0; i < pushed.size(); i++) {
      StepSample sample = pushed.get(i);
      if (sample.step() <= lastStep) {
        continue;
      }
      for (int j = 0; j < sample.layers().size(); j++) {
        String name = sample.layers().get(j).name();
        boolean isNew = !layers.containsKey(name) && added.add(name);
        if (isNew && layers.size() + added.size() > maxLayers) {
          throw new LimitExceededException(
              LimitExceededException.Limit.LAYERS,
              "layer limit reached (" + maxLayers + " per run)",
              "samples[" + i + "].layers[" + j + "].name");
        }
      }
    }
  }

  /**
   * Ends the state if {@code condition} holds for it, running {@code onEnd} under the lock so that
   * no push of the run can interleave.
   *
   * @return the run as it was when ended, or empty when already ended or the condition failed
   */
  synchronized Optional<RunSnapshot> end(
      Predicate<RunSnapshot> condition, Consumer<RunSnapshot> onEnd) {
    if (ended) {
      return Optional.empty();
    }
    RunSnapshot last = snapshot();
    if (!condition.test(last)) {
      return Optional.empty();
    }
    ended = true;
    onEnd.accept(last);
    return Optional.of(last);
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
