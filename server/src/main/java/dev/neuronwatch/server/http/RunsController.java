package dev.neuronwatch.server.http;

import dev.neuronwatch.server.ingest.IngestPipeline;
import dev.neuronwatch.server.rules.RuleEvaluator;
import dev.neuronwatch.server.store.RunStore;
import io.javalin.http.Context;
import java.time.Clock;

/**
 * {@code GET /api/v1/runs}: a JSON array of {@link RunListing}, ordered by run name, each with its
 * state: running, finished, or stopped (unfinished and silent for two minutes). {@code DELETE
 * /api/v1/runs/{run}} ends a run: its firing alerts resolve, its series leave {@code /metrics};
 * answered 204, or 404 naming the run when unknown. A later push of the same name starts it afresh.
 *
 * <pre>{@code
 * RunsController runs = new RunsController(store, evaluator, pipeline);
 * }</pre>
 */
public final class RunsController {
  static final String PATH = "/api/v1/runs";

  /** Angle brackets let the parameter hold slashes, which run names may contain. */
  static final String RUN_PATH = PATH + "/<run>";

  private final RunStore store;
  private final RuleEvaluator evaluator;
  private final IngestPipeline pipeline;
  private final Clock clock;

  public RunsController(RunStore store, RuleEvaluator evaluator, IngestPipeline pipeline) {
    this(store, evaluator, pipeline, Clock.systemUTC());
  }

  /** A controller judging whether a run has stopped by {@code clock}. */
  public RunsController(
      RunStore store, RuleEvaluator evaluator, IngestPipeline pipeline, Clock clock) {
    this.store = store;
    this.evaluator = evaluator;
    this.pipeline = pipeline;
    this.clock = clock;
  }

  void list(Context ctx) {
    JsonResponse.write(
        ctx,
        200,
        store.runs().stream()
            .map(run -> RunListing.of(run, evaluator.firing(run.run()).size(), clock.instant()))
            .toList());
  }

  void delete(Context ctx) {
    String run = ctx.pathParam("run");
    if (pipeline.deleteRun(run).isEmpty()) {
      throw new ApiError(404, "no run named '" + run + "'", "run");
    }
    ctx.status(204);
  }
}
