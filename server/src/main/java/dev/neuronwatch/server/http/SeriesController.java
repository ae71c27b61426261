package dev.neuronwatch.server.http;

import dev.neuronwatch.server.history.SeriesMetric;
import dev.neuronwatch.server.history.TrainingHistory;
import dev.neuronwatch.server.store.RunStore;
import io.javalin.http.Context;

/**
 * {@code GET /api/v1/runs/{run}/series?metric=M[&layer=L][&from=S]}: one statistic of one run over
 * training steps, from the server's bounded, downsampled history (a {@link
 * dev.neuronwatch.server.history.SeriesView}). {@code metric} is required, one of {@link
 * SeriesMetric#names()}; {@code layer} restricts a per-layer statistic to one layer (all layers by
 * default, in depth order); {@code from} is the first step wanted (0 by default). 404 naming the
 * run or layer when unknown, 400 naming the parameter when a value is wrong. Guarded by the read
 * token like the other read endpoints.
 *
 * <pre>{@code
 * GET /api/v1/runs/mnist-7/series?metric=dead_units_ratio&layer=dense_1&from=100
 * }</pre>
 */
public final class SeriesController {
  /** Angle brackets let the run hold slashes, as {@link RunsController#RUN_PATH} does. */
  static final String PATH = RunsController.PATH + "/<run>/series";

  private final RunStore store;
  private final TrainingHistory history;

  public SeriesController(RunStore store, TrainingHistory history) {
    this.store = store;
    this.history = history;
  }

  void series(Context ctx) {
    String run = ctx.pathParam("run");
    String metricName = ctx.queryParam("metric");
    if (metricName == null || metricName.isEmpty()) {
      throw new ApiError(400, "metric is required, one of: " + SeriesMetric.names(), "metric");
    }
    SeriesMetric metric =
        SeriesMetric.parse(metricName)
            .orElseThrow(
                () ->
                    new ApiError(
                        400,
                        "unknown metric '"
                            + metricName
                            + "', expected one of: "
                            + SeriesMetric.names(),
                        "metric"));
    String layer = ctx.queryParam("layer");
    long from = from(ctx.queryParam("from"));
    if (store.run(run).isEmpty()) {
      throw new ApiError(404, "no run named '" + run + "'", "run");
    }
    if (layer != null) {
      if (metric.perRun()) {
        throw new ApiError(
            400, metric.wireName() + " belongs to the run and takes no layer", "layer");
      }
      if (!history.hasLayer(run, layer)) {
        throw new ApiError(404, "run '" + run + "' has no layer '" + layer + "'", "layer");
      }
    }
    JsonResponse.write(
        ctx,
        200,
        history
            .view(run, metric, layer, from)
            .orElseThrow(() -> new ApiError(404, "no run named '" + run + "'", "run")));
  }

  private static long from(String text) {
    if (text == null) {
      return 0;
    }
    try {
      long from = Long.parseLong(text);
      if (from >= 0) {
        return from;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ApiError(
        400, "from must be a step (an integer, 0 or more), was '" + text + "'", "from");
  }
}
