package dev.neuronwatch.server.history;

import java.util.List;
import java.util.Objects;

/**
 * One statistic of one run over training steps, as {@code GET /api/v1/runs/{run}/series} answers
 * it: the steps, and for each layer asked for (or one entry without a layer for the loss) the
 * values at those steps, null where the sample did not carry the statistic. A per-layer statistic's
 * steps are those where at least one of the layers asked for has a value (samples sent without
 * layers are points of the loss only). {@code stride} is how many samples each point stands for (1
 * until the run outgrows the history; it then doubles at each compaction, and a client holding
 * older points should fetch again from the start). {@code events} are the steps at which the run's
 * alerts fired and resolved, restricted to the layer when one was asked for.
 *
 * <pre>{@code
 * {"run":"r","metric":"dead_units_ratio","stride":1,"steps":[10,20],
 *  "series":[{"layer":"dense_0","depth":0,"activation":"relu","values":[0.0,0.12]}],
 *  "events":[{"alert":"NeuronwatchDyingRelu","layer":"dense_0","state":"firing","step":20}]}
 * }</pre>
 */
public record SeriesView(
    String run,
    String metric,
    int stride,
    List<Long> steps,
    List<Line> series,
    List<AlertEvent> events) {

  public SeriesView {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(metric, "metric");
    steps = List.copyOf(steps);
    series = List.copyOf(series);
    events = List.copyOf(events);
  }

  /**
   * The values of one layer ({@code layer}, {@code depth} and {@code activation} are null for the
   * loss), one per step of the view; null where absent or not finite.
   */
  public record Line(String layer, Integer depth, String activation, List<Double> values) {
    public Line {
      values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }
  }

  /**
   * An alert's state change at a training step: {@code state} is {@code firing} or {@code
   * resolved}; {@code layer} is empty for a run-level alert.
   */
  public record AlertEvent(String alert, String layer, String state, long step) {}
}
