package dev.neuronwatch.server.ingest;

import dev.neuronwatch.model.PushRequest;
import dev.neuronwatch.model.PushResponse;
import dev.neuronwatch.server.metrics.IngestMetrics;
import dev.neuronwatch.server.metrics.RejectionReason;
import dev.neuronwatch.server.metrics.TrainingMetrics;
import dev.neuronwatch.server.rules.AlertLog;
import dev.neuronwatch.server.rules.AlertTransition;
import dev.neuronwatch.server.rules.RuleEvaluator;
import dev.neuronwatch.server.rules.SampleSignals;
import dev.neuronwatch.server.store.RunListener;
import dev.neuronwatch.server.store.RunSnapshot;
import dev.neuronwatch.server.store.RunStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * What happens to a decoded push: the store applies the samples newer than the run's last step, the
 * rules see each applied sample in step order, the metrics follow, and the answer carries the run's
 * firing alerts. Free of HTTP; the caller decodes and validates.
 *
 * <pre>{@code
 * IngestPipeline pipeline = new IngestPipeline(store, evaluator, new AlertLog(), training,
 *     ingestMetrics, Clock.systemUTC());
 * PushResponse response = pipeline.ingest(push);
 * }</pre>
 */
public final class IngestPipeline {
  private final RunStore store;
  private final RuleEvaluator evaluator;
  private final AlertLog alertLog;
  private final TrainingMetrics training;
  private final IngestMetrics ingestMetrics;
  private final Clock clock;

  public IngestPipeline(
      RunStore store,
      RuleEvaluator evaluator,
      AlertLog alertLog,
      TrainingMetrics training,
      IngestMetrics ingestMetrics,
      Clock clock) {
    this.store = store;
    this.evaluator = evaluator;
    this.alertLog = alertLog;
    this.training = training;
    this.ingestMetrics = ingestMetrics;
    this.clock = clock;
  }

  /** Applies a validated push. Samples at or below the run's last step are skipped silently. */
  public PushResponse ingest(PushRequest push) {
    Instant now = clock.instant();
    int accepted =
        store.ingest(
            push,
            now,
            new RunListener() {
              @Override
              public void sampleApplied(SampleSignals sample) {
                List<AlertTransition> changes = evaluator.evaluate(sample, now);
                alertLog.log(changes);
                training.sampleApplied(sample);
                training.alertsChanged(changes);
              }

              @Override
              public void pushApplied(RunSnapshot run) {
                training.pushApplied(run);
              }
            });
    ingestMetrics.accepted();
    return new PushResponse(accepted, evaluator.firing(push.run()));
  }

  /** Counts a push refused before it reached the store; nothing else changes. */
  public void rejected(RejectionReason reason) {
    ingestMetrics.rejected(reason);
  }
}
