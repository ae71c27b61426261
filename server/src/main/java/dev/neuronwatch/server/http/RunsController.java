package dev.neuronwatch.server.http;

import dev.neuronwatch.server.rules.RuleEvaluator;
import dev.neuronwatch.server.store.RunStore;
import io.javalin.http.Context;

/**
 * {@code GET /api/v1/runs}: a JSON array of {@link RunSummary}, ordered by run name.
 *
 * <pre>{@code
 * RunsController runs = new RunsController(store, evaluator);
 * }</pre>
 */
public final class RunsController {
  static final String PATH = "/api/v1/runs";

  private final RunStore store;
  private final RuleEvaluator evaluator;

  public RunsController(RunStore store, RuleEvaluator evaluator) {
    this.store = store;
    this.evaluator = evaluator;
  }

  void list(Context ctx) {
    JsonResponse.write(
        ctx,
        200,
        store.runs().stream()
            .map(run -> RunSummary.of(run, evaluator.firing(run.run()).size()))
            .toList());
  }
}
