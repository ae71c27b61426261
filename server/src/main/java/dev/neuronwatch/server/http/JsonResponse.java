package dev.neuronwatch.server.http;

import dev.neuronwatch.protocol.WireJson;
import io.javalin.http.Context;

/** Writes JSON answers with the protocol's own codec, so the API and the wire agree. */
final class JsonResponse {
  static final String CONTENT_TYPE = "application/json";

  private JsonResponse() {}

  static void write(Context ctx, int status, Object body) {
    ctx.status(status).contentType(CONTENT_TYPE).result(WireJson.encode(body));
  }
}
