package dev.neuronwatch.server.http;

import dev.neuronwatch.protocol.AlertState;
import dev.neuronwatch.server.rules.RuleEvaluator;
import io.javalin.http.Context;

/**
 * {@code GET /api/v1/alerts[?run=NAME][&state=firing|pending|resolved]}: a JSON array of alerts,
 * pending and firing ones first, then the recently resolved, newest first. An unknown state is
 * answered 400 naming the parameter.
 *
 * <pre>{@code
 * AlertsController alerts = new AlertsController(evaluator);
 * }</pre>
 */
public final class AlertsController {
  static final String PATH = "/api/v1/alerts";

  private final RuleEvaluator evaluator;

  public AlertsController(RuleEvaluator evaluator) {
    this.evaluator = evaluator;
  }

  void list(Context ctx) {
    String run = ctx.queryParam("run");
    AlertState state = state(ctx.queryParam("state"));
    JsonResponse.write(
        ctx, 200, evaluator.alerts(run == null || run.isEmpty() ? null : run, state));
  }

  private static AlertState state(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    for (AlertState state : AlertState.values()) {
      if (state.wireName().equalsIgnoreCase(value)) {
        return state;
      }
    }
    throw new ApiError(400, "must be one of firing, pending, resolved", "state");
  }
}
