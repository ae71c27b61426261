package dev.neuronwatch.server.ingest;

import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.PushResponse;
import dev.neuronwatch.server.durable.PushJournal;
import dev.neuronwatch.server.history.TrainingHistory;
import dev.neuronwatch.server.metrics.IngestMetrics;
import dev.neuronwatch.server.metrics.RejectionReason;
import dev.neuronwatch.server.metrics.TrainingMetrics;
import dev.neuronwatch.server.rules.AlertLog;
import dev.neuronwatch.server.rules.AlertTransition;
import dev.neuronwatch.server.rules.RuleEvaluator;
import dev.neuronwatch.server.rules.SampleSignals;
import dev.neuronwatch.server.store.Applied;
import dev.neuronwatch.server.store.LimitExceededException;
import dev.neuronwatch.server.store.RunListener;
import dev.neuronwatch.server.store.RunSnapshot;
import dev.neuronwatch.server.store.RunStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a decoded push: the store applies the samples newer than the run's last step, the
 * rules see each applied sample in step order, the metrics follow, and the answer carries the run's
 * firing alerts. Also how a run ends (deleted or idle): its alerts end and its series go. Free of
 * HTTP; the caller decodes and validates.
 *
 * <pre>{@code
 * IngestPipeline pipeline = new IngestPipeline(store, evaluator, new AlertLog(), training,
 *     ingestMetrics, Clock.systemUTC());
 * PushResponse response = pipeline.ingest(push);
 * }</pre>
 */
public final class IngestPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);

  private final RunStore store;
  private final RuleEvaluator evaluator;
  private final AlertLog alertLog;
  private final TrainingMetrics training;
  private final IngestMetrics ingestMetrics;
  private final Clock clock;
  private final TrainingHistory history;
  private PushJournal journal;

  /** A pipeline keeping no history beyond the store's latest values. */
  public IngestPipeline(
      RunStore store,
      RuleEvaluator evaluator,
      AlertLog alertLog,
      TrainingMetrics training,
      IngestMetrics ingestMetrics,
      Clock clock) {
    this(store, evaluator, alertLog, training, ingestMetrics, clock, new TrainingHistory(2, 1));
  }

  /** A pipeline that also records every applied sample and alert change in {@code history}. */
  public IngestPipeline(
      RunStore store,
      RuleEvaluator evaluator,
      AlertLog alertLog,
      TrainingMetrics training,
      IngestMetrics ingestMetrics,
      Clock clock,
      TrainingHistory history) {
    this.history = history;
    this.store = store;
    this.evaluator = evaluator;
    this.alertLog = alertLog;
    this.training = training;
    this.ingestMetrics = ingestMetrics;
    this.clock = clock;
  }

  /**
   * Applies a validated push. Samples at or below the run's last step are skipped and counted as
   * duplicates in the answer.
   *
   * @throws LimitExceededException having changed nothing (the caller counts the rejection)
   * @throws dev.neuronwatch.server.durable.StorageFailedException having changed nothing, when the
   *     journal could not commit the push (the caller counts the rejection)
   */
  public PushResponse ingest(PushRequest push) {
    return ingest(push, null);
  }

  /**
   * As {@link #ingest(PushRequest)}, journaling {@code body}, the bytes {@code push} was decoded
   * from (null: encode the push), so that durability costs no second encoding.
   */
  public PushResponse ingest(PushRequest push, byte[] body) {
    PushResponse response = apply(push, body, clock.instant(), true);
    ingestMetrics.accepted();
    return response;
  }

  /**
   * Applies a push from the journal at start-up as it was applied when received at {@code
   * receivedAt}: the same samples, alerts and history, stamped with that instant, and not written
   * to the journal again. A push the limits now refuse is logged and skipped.
   */
  public void replay(PushRequest push, Instant receivedAt) {
    try {
      apply(push, null, receivedAt, false);
    } catch (LimitExceededException e) {
      LOG.warn("replaying a push of run {} from the journal: {}", push.run(), e.getMessage());
    }
  }

  private PushResponse apply(PushRequest push, byte[] body, Instant now, boolean journaled) {
    Applied applied =
        store.apply(
            push,
            now,
            new RunListener() {
              @Override
              public void sampleApplied(SampleSignals sample) {
                List<AlertTransition> changes = evaluator.evaluate(sample, now);
                alertLog.log(changes);
                training.sampleApplied(sample);
                training.alertsChanged(changes);
                history.sampleApplied(sample.run(), sample.sample(), changes);
              }

              @Override
              public void admitted() {
                // Under the run's lock and before anything changes: the journal holds a run's
                // pushes in the order applied, and a push it cannot take is not applied at all.
                if (journaled && journal != null) {
                  journal.append(push, body, now);
                }
              }

              @Override
              public void pushApplied(RunSnapshot run) {
                training.pushApplied(run);
              }

              @Override
              public void attemptEnded(RunSnapshot previous, int attempt) {
                // The earlier attempts stay in the journal: replaying them numbers this attempt
                // again.
                endAttempt(previous, now, "run started again as attempt " + attempt);
                LOG.info(
                    "run {} started again as attempt {} (attempt {} ended at step {})",
                    previous.run(),
                    attempt,
                    previous.attempt(),
                    previous.lastStep());
              }
            });
    return new PushResponse(
        applied.accepted(),
        applied.duplicates(),
        evaluator.firing(push.run()),
        applied.attempt() == 0 ? null : applied.attempt(),
        applied.newAttempt());
  }

  /**
   * Ends a run on request: its firing alerts resolve, its series leave the registry, the store
   * forgets it.
   *
   * @return the run as it was, or empty when unknown
   */
  public Optional<RunSnapshot> deleteRun(String run) {
    Instant now = clock.instant();
    Optional<RunSnapshot> deleted = store.remove(run, last -> ended(last, now, "run deleted"));
    deleted.ifPresent(last -> LOG.info("run {} deleted at step {}", last.run(), last.lastStep()));
    return deleted;
  }

  /**
   * Ends, as {@link #deleteRun} does, every run without a push for longer than {@code ttl}.
   *
   * @return the runs evicted
   */
  public List<RunSnapshot> evictIdle(Duration ttl) {
    return evictIdle(ttl, ttl);
  }

  /**
   * Ends, as {@link #deleteRun} does, every finished run without a push for longer than {@code ttl}
   * and every unfinished one without a push for longer than {@code stoppedTtl}; a zero TTL evicts
   * nothing.
   *
   * @return the runs evicted
   */
  public List<RunSnapshot> evictIdle(Duration ttl, Duration stoppedTtl) {
    Instant now = clock.instant();
    Instant finishedCutoff = ttl.isZero() ? null : now.minus(ttl);
    Instant stoppedCutoff = stoppedTtl.isZero() ? null : now.minus(stoppedTtl);
    List<RunSnapshot> evicted =
        store.removeIdle(
            last -> {
              Instant cutoff = last.finished() ? finishedCutoff : stoppedCutoff;
              return cutoff != null && last.lastPushTime().isBefore(cutoff);
            },
            last ->
                ended(
                    last,
                    now,
                    "run evicted: no push for "
                        + (last.finished() ? ttl : stoppedTtl).toSeconds()
                        + "s"));
    for (RunSnapshot last : evicted) {
      LOG.info("run {} evicted: no push since {}", last.run(), last.lastPushTime());
    }
    return evicted;
  }

  /** Runs under the ended run's lock, so no push of it interleaves. */
  private void ended(RunSnapshot last, Instant now, String why) {
    endAttempt(last, now, why);
    if (journal != null) {
      journal.forget(last.run());
    }
  }

  private void endAttempt(RunSnapshot last, Instant now, String why) {
    List<AlertTransition> changes = evaluator.endRun(last.run(), now, why);
    alertLog.log(changes);
    training.alertsChanged(changes);
    training.runEnded(last.run());
    history.runEnded(last.run());
  }

  /**
   * Writes every push from now on to {@code journal}, and commits it, before applying it, and drops
   * a run's pushes from it when the run ends. Call before serving.
   */
  public void journalTo(PushJournal journal) {
    this.journal = journal;
  }

  /** Counts a push refused before it reached the store; nothing else changes. */
  public void rejected(RejectionReason reason) {
    ingestMetrics.rejected(reason);
  }
}
