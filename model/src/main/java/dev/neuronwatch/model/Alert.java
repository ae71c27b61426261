package dev.neuronwatch.model;

/**
 * One alert of one layer (or of the whole run, when {@code layer} is empty) as the server reports
 * it: the rule's name, the state, the value that last decided it, and the ISO-8601 instant of the
 * last state change.
 *
 * <pre>{@code
 * Alert alert = new Alert("NeuronwatchDyingRelu", "run-1", "dense_1", AlertState.FIRING, 0.71,
 *     "2026-11-28T12:00:00Z", "71% of units in dense_1 are dead");
 * }</pre>
 */
public record Alert(
    String name, String run, String layer, AlertState state, double value, String since,
    String summary) {

  public Alert {
    Checks.required("name", name);
    Checks.required("run", run);
    Checks.required("layer", layer);
    Checks.required("state", state);
    Checks.required("since", since);
    Checks.required("summary", summary);
  }
}
