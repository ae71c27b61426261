package dev.neuronwatch.server.store;

import dev.neuronwatch.protocol.PushRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The runs the server knows: per run the last step and push time, the number of samples, the
 * finished flag, the latest sample of each layer and the agent's counters.
 *
 * <p>Thread-safe. A push is applied under its run's lock; pushes of different runs proceed in
 * parallel. The store takes only pushes the wire model has already validated, and checks its limits
 * (runs, layers per run, the memory budget of stored layers) before changing anything, so a push is
 * applied whole or not at all. Samples whose step is at most the run's last stored step are skipped
 * and counted as duplicates, which makes an agent's retry of a push idempotent. A push without
 * samples for a run the store does not know changes nothing: it takes no run slot.
 *
 * <p>A run ends when deleted or when idle too long; its end is handled under its lock, then it is
 * forgotten, so a push racing the end either lands before it or starts the run afresh after it.
 *
 * <pre>{@code
 * RunStore store = new RunStore(
 *     1000, StoreBudget.fromHeap(Runtime.getRuntime().maxMemory(), 512));
 * int accepted = store.ingest(push, Instant.now(), listener);
 * List<RunSnapshot> runs = store.runs();
 * store.removeIdle(Instant.now().minus(Duration.ofMinutes(10)), ended -> cleanUp(ended));
 * }</pre>
 */
public final class RunStore {
  /** What a push without samples for an unknown run comes to: nothing stored, no attempt. */
  public static final Applied NOTHING = new Applied(0, 0, 0, false);

  private final ConcurrentMap<String, RunState> runs = new ConcurrentHashMap<>();
  private final int maxRuns;
  private final int maxLayersPerRun;
  private final StoreBudget budget;

  /** A store without limits. */
  public RunStore() {
    this(Integer.MAX_VALUE, Integer.MAX_VALUE);
  }

  /**
   * A store without a memory budget.
   *
   * @param maxRuns the most runs held at once, at least 1
   * @param maxLayersPerRun the most distinct layers one run may have, at least 1
   */
  public RunStore(int maxRuns, int maxLayersPerRun) {
    this(maxRuns, checkedBudget(maxLayersPerRun));
  }

  /**
   * @param maxRuns the most runs held at once, at least 1
   * @param budget the stored layers the store may hold in all and per run
   */
  public RunStore(int maxRuns, StoreBudget budget) {
    if (maxRuns < 1) {
      throw new IllegalArgumentException("maxRuns must be at least 1, was " + maxRuns);
    }
    this.maxRuns = maxRuns;
    this.budget = budget;
    this.maxLayersPerRun = budget.perRun();
  }

  private static StoreBudget checkedBudget(int maxLayersPerRun) {
    if (maxLayersPerRun < 1) {
      throw new IllegalArgumentException(
          "maxLayersPerRun must be at least 1, was " + maxLayersPerRun);
    }
    return new StoreBudget(Long.MAX_VALUE, maxLayersPerRun);
  }

  /** The memory budget: stored layers held and allowed. */
  public StoreBudget budget() {
    return budget;
  }

  /**
   * Applies a validated push and tells {@code listener} about each applied sample and the run after
   * the push.
   *
   * @return the number of samples applied
   * @throws LimitExceededException having changed nothing, when the push would break a limit
   */
  public int ingest(PushRequest push, Instant receivedAt, RunListener listener) {
    return apply(push, receivedAt, listener).accepted();
  }

  /**
   * Like {@link #ingest}, saying also how many samples the run already held and which attempt of
   * the run the push went to.
   *
   * @throws LimitExceededException having changed nothing, when the push would break a limit
   */
  public Applied apply(PushRequest push, Instant receivedAt, RunListener listener) {
    while (true) {
      RunState state = runs.get(push.run());
      if (state == null) {
        if (push.samples().isEmpty()) {
          // Nothing to keep: a push without samples must not take one of the run slots.
          return NOTHING;
        }
        state = create(push, receivedAt);
      }
      Applied applied;
      try {
        applied = state.apply(push, receivedAt, maxLayersPerRun, budget, listener);
      } catch (RuntimeException e) {
        // A run created for this push and refused (a limit, the journal) must not linger empty.
        end(state, last -> last.lastStep() == null, last -> {});
        throw e;
      }
      if (applied != RunState.ENDED) {
        return applied;
      }
      // The run ended while this push waited for its lock; it is gone from the map by now.
    }
  }

  /** Registers a new run, after checking that the push fits the limits. */
  private synchronized RunState create(PushRequest push, Instant receivedAt) {
    RunState existing = runs.get(push.run());
    if (existing != null) {
      return existing;
    }
    if (runs.size() >= maxRuns) {
      throw new LimitExceededException(
          LimitExceededException.Limit.RUNS, "run limit reached (" + maxRuns + ")", "run");
    }
    RunState state = new RunState(push.run(), receivedAt);
    state.checkLayers(push, maxLayersPerRun);
    runs.put(push.run(), state);
    return state;
  }

  /**
   * Ends one run: {@code onRemoved} sees its last state under its lock, then the store forgets it.
   *
   * @return the run as it was, or empty when the store does not know it
   */
  public Optional<RunSnapshot> remove(String run, Consumer<RunSnapshot> onRemoved) {
    RunState state = runs.get(run);
    return state == null ? Optional.empty() : end(state, last -> true, onRemoved);
  }

  /**
   * Ends every run whose last push was before {@code cutoff}, as {@link #remove} does.
   *
   * @return the runs removed
   */
  public List<RunSnapshot> removeIdle(Instant cutoff, Consumer<RunSnapshot> onRemoved) {
    return removeIdle(last -> last.lastPushTime().isBefore(cutoff), onRemoved);
  }

  /**
   * Ends every run for which {@code idle} holds (judged under the run's lock), as {@link #remove}
   * does.
   *
   * @return the runs removed
   */
  public List<RunSnapshot> removeIdle(
      Predicate<RunSnapshot> idle, Consumer<RunSnapshot> onRemoved) {
    List<RunSnapshot> removed = new ArrayList<>();
    for (RunState state : runs.values()) {
      end(state, idle, onRemoved).ifPresent(removed::add);
    }
    return removed;
  }

  private Optional<RunSnapshot> end(
      RunState state, Predicate<RunSnapshot> condition, Consumer<RunSnapshot> onRemoved) {
    return state.end(
        condition,
        last -> {
          try {
            onRemoved.accept(last);
          } finally {
            // Even if clean-up failed: an ended state left in the map would refuse the run forever.
            runs.remove(last.run(), state);
            budget.release(last.layers().size());
          }
        });
  }

  /** Every run that has an accepted push, ordered by name. */
  public List<RunSnapshot> runs() {
    return runs.values().stream()
        .map(RunState::snapshot)
        .sorted(Comparator.comparing(RunSnapshot::run))
        .toList();
  }

  /** One run, if it has an accepted push. */
  public Optional<RunSnapshot> run(String name) {
    return Optional.ofNullable(runs.get(name)).map(RunState::snapshot);
  }

  /** The number of runs known. */
  public int size() {
    return runs.size();
  }
}
