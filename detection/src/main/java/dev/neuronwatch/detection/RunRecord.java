package dev.neuronwatch.detection;

import dev.neuronwatch.protocol.Alert;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.trainer.TrainingResult;
import java.util.List;

/**
 * What one monitored run produced: the training result, the samples the agent delivered (in
 * delivery order), what its alert listener heard, and every alert the server reports for the run
 * afterwards ({@code GET /api/v1/alerts?run=}: pending, firing and resolved, one entry per fire and
 * resolve cycle). {@code samplesDropped} and {@code pushesFailed} are the agent's own counts.
 *
 * <pre>{@code
 * RunRecord record = MonitoredRun.run(spec, serverUri);
 * }</pre>
 */
public record RunRecord(
    RunSpec spec,
    TrainingResult result,
    List<StepSample> delivered,
    List<HeardAlert> heard,
    List<Alert> serverAlerts,
    long samplesDropped,
    long pushesFailed) {
  public RunRecord {
    delivered = List.copyOf(delivered);
    heard = List.copyOf(heard);
    serverAlerts = List.copyOf(serverAlerts);
  }
}
