package dev.neuronwatch.server.store;

import dev.neuronwatch.protocol.AgentCounters;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.StepSample;
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
 * The mutable state of one run; every method runs under the instance's lock. Once ended (deleted or
 * evicted) it takes no more pushes: the store then starts the run afresh.
 *
 * <p>A run that starts again under the same name starts a new attempt: its state is reset (steps,
 * samples, layers, gradient baselines, finished, counters) and the attempt number goes up. A push
 * starts one when it names another {@link PushRequest#attempt()} than the run's, or, naming none,
 * when its first sample's step is at or before the run's first stored step and its wall-clock time
 * is after every stored sample's: a retry of an earlier push, or a late copy of one, carries the
 * older times and only counts as duplicates.
 */
final class RunState {
  /** What {@link #apply} answers once the state has ended. */
  static final Applied ENDED = new Applied(-1, 0, 0, false);

  private static final Comparator<LayerSample> BY_DEPTH =
      Comparator.comparingInt(LayerSample::depth).thenComparing(LayerSample::name);

  private final String run;
  private GradientHistory history = new GradientHistory();
  private final Map<String, LayerSample> layers = new HashMap<>();
  private int attempt = 1;
  private String attemptName;
  private long firstStep = -1;
  private long lastTimeMillis;
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
      PushRequest push,
      Instant receivedAt,
      int maxLayers,
      StoreBudget budget,
      RunListener listener) {
    if (ended) {
      return ENDED;
    }
    boolean restart = startsNewAttempt(push);
    NewLayers added = checkLayers(push, maxLayers, restart);
    int giveBack = restart ? layers.size() : 0;
    if (added.count() > giveBack && !budget.tryReserve(added.count() - giveBack)) {
      throw new LimitExceededException(
          LimitExceededException.Limit.MEMORY,
          "memory budget reached: the server holds "
              + budget.used()
              + " of its "
              + budget.maxLayers()
              + " stored layers; existing runs keep working, new layers wait"
              + " until runs end",
          added.firstField());
    }
    try {
      listener.admitted();
    } catch (RuntimeException e) {
      budget.release(Math.max(0, added.count() - giveBack));
      throw e;
    }
    budget.release(giveBack - added.count());
    if (restart) {
      listener.attemptEnded(snapshot(), attempt + 1);
      restart();
    }
    if (push.attempt() != null) {
      attemptName = push.attempt();
    }
    long before = lastStep;
    int accepted = 0;
    int duplicates = 0;
    for (StepSample sample : push.samples()) {
      if (sample.step() <= lastStep) {
        duplicates++;
        continue;
      }
      if (firstStep < 0) {
        firstStep = sample.step();
      }
      lastTimeMillis = Math.max(lastTimeMillis, sample.timeMillis());
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
    return new Applied(accepted, duplicates, attempt, restart);
  }

  /** Whether {@code push} belongs to a new attempt of the run (see the class comment). */
  private boolean startsNewAttempt(PushRequest push) {
    if (push.attempt() != null && attemptName != null) {
      return !push.attempt().equals(attemptName);
    }
    if (firstStep < 0 || push.samples().isEmpty()) {
      return false;
    }
    StepSample first = push.samples().get(0);
    return first.step() <= firstStep && first.timeMillis() > lastTimeMillis;
  }

  private void restart() {
    attempt++;
    attemptName = null;
    history = new GradientHistory();
    layers.clear();
    firstStep = -1;
    lastTimeMillis = 0;
    lastStep = -1;
    loss = null;
    samples = 0;
    finished = false;
    agent = null;
  }

  /**
   * @throws LimitExceededException naming the first new layer over the limit when the samples this
   *     state would apply bring more than {@code maxLayers} distinct layers
   */
  synchronized void checkLayers(PushRequest push, int maxLayers) {
    checkLayers(push, maxLayers, false);
  }

  /** The layers a push would add to its run, and the field of the first. */
  record NewLayers(int count, String firstField) {}

  /** The layers the run holds now; what it gives back to the budget when it ends. */
  synchronized int layerCount() {
    return layers.size();
  }

  /**
   * As {@link #checkLayers(PushRequest, int)}; {@code fresh}: as if the run held nothing yet.
   *
   * @return the layers the push would add
   */
  private NewLayers checkLayers(PushRequest push, int maxLayers, boolean fresh) {
    String firstField = null;
    Set<String> added = new HashSet<>();
    Map<String, LayerSample> held = fresh ? Map.of() : layers;
    long after = fresh ? -1 : lastStep;
    List<StepSample> pushed = push.samples();
    for (int i = 0; i < pushed.size(); i++) {
      StepSample sample = pushed.get(i);
      if (sample.step() <= after) {
        continue;
      }
      for (int j = 0; j < sample.layers().size(); j++) {
        String name = sample.layers().get(j).name();
        boolean isNew = !held.containsKey(name) && added.add(name);
        if (isNew && firstField == null) {
          firstField = "samples[" + i + "].layers[" + j + "].name";
        }
        if (isNew && held.size() + added.size() > maxLayers) {
          throw new LimitExceededException(
              LimitExceededException.Limit.LAYERS,
              "layer limit reached (" + maxLayers + " per run)",
              "samples[" + i + "].layers[" + j + "].name");
        }
      }
    }
    return new NewLayers(added.size(), firstField);
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
        agent,
        attempt);
  }
}
