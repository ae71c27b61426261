package dev.neuronwatch.server.store;

import dev.neuronwatch.model.PushRequest;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The runs the server knows: per run the last step and push time, the number of samples, the
 * finished flag, the latest sample of each layer and the agent's counters.
 *
 * <p>Thread-safe. A push is applied under its run's lock; pushes of different runs proceed in
 * parallel. The store takes only pushes the wire model has already validated, so applying one
 * cannot fail half-way. Samples whose step is at most the run's last stored step are skipped, which
 * makes an agent's retry of a push idempotent.
 *
 * <pre>{@code
 * RunStore store = new RunStore();
 * int accepted = store.ingest(push, Instant.now(), listener);
 * List<RunSnapshot> runs = store.runs();
 * }</pre>
 */
public final class RunStore {
  private final ConcurrentMap<String, RunState> runs = new ConcurrentHashMap<>();

  /**
   * Applies a validated push and tells {@code listener} about each applied sample and the run after
   * the push.
   *
   * @return the number of samples applied
   */
  public int ingest(PushRequest push, Instant receivedAt, RunListener listener) {
    return runs.computeIfAbsent(push.run(), name -> new RunState(name, receivedAt))
        .apply(push, receivedAt, listener);
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
