package dev.neuronwatch.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into a JSON answer: refusals of the API keep their status and field,
 * Javalin's own (unknown route 404, wrong method 405) keep their status, anything unexpected is
 * logged and answered 500 without internals.
 */
final class ErrorMapping {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

  private ErrorMapping() {}

  static void register(RoutesConfig routes) {
    routes.exception(
        ApiError.class,
        (e, ctx) -> {
          e.headers().forEach(ctx::header);
          JsonResponse.write(ctx, e.status(), new ErrorBody(e.getMessage(), e.field()));
        });
    routes.exception(
        HttpResponseException.class,
        (e, ctx) -> JsonResponse.write(ctx, e.getStatus(), new ErrorBody(e.getMessage(), null)));
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("unexpected failure serving {} {}", ctx.method(), ctx.path(), e);
          JsonResponse.write(ctx, 500, new ErrorBody("internal server error", null));
        });
  }
}
