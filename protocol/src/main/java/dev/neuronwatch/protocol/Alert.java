package dev.neuronwatch.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One alert of one layer (or of the whole run, when {@code layer} is empty) as the server reports
 * it: the rule's name, the state, the value that last decided it, and the ISO-8601 instant of the
 * last state change.
 *
 * <p>Protocol version 2 adds, each absent when unknown: {@code threshold}, the threshold that
 * {@code value} was compared with; {@code step}, the training step of the sample that made the
 * alert pending; {@code runbook}, the address of the alert's runbook; {@code origin}, for
 * NeuronwatchNonFiniteValues, where the non-finite values started.
 *
 * <pre>{@code
 * Alert alert = new Alert("NeuronwatchDyingRelu", "run-1", "dense_1", AlertState.FIRING, 0.71,
 *     "2026-11-28T12:00:00Z", "71% of units in dense_1 are dead");
 * }</pre>
 *
 * <p>Agents decode alerts from push answers; unknown fields are ignored so that a newer server's
 * additions do not make an older agent's pushes fail.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Alert(
    String name,
    String run,
    String layer,
    AlertState state,
    double value,
    String since,
    String summary,
    Double threshold,
    Long step,
    String runbook,
    NonFiniteOrigin origin) {

  public Alert {
    Checks.required("name", name);
    Checks.required("run", run);
    Checks.required("layer", layer);
    Checks.required("state", state);
    Checks.required("since", since);
    Checks.required("summary", summary);
  }

  /** An alert without the version-2 fields. */
  public Alert(
      String name,
      String run,
      String layer,
      AlertState state,
      double value,
      String since,
      String summary) {
    this(name, run, layer, state, value, since, summary, null, null, null, null);
  }
}
