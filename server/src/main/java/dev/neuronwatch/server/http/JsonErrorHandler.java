package dev.neuronwatch.server.http;

import dev.neuronwatch.protocol.WireJson;
import dev.neuronwatch.server.metrics.RejectionReason;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The web server's own error answers (a malformed request line or URI, headers too large, a body
 * Jetty cannot read) as the API's JSON error body instead of Jetty's HTML page, each counted in
 * {@code neuronwatch_ingest_rejected_total{reason="bad_http"}}: such requests never reach a route,
 * so they could be pushes.
 *
 * <pre>{@code
 * server.setErrorHandler(new JsonErrorHandler(ingest::rejected));
 * }</pre>
 */
final class JsonErrorHandler extends ErrorHandler {
  private final Consumer<RejectionReason> rejected;

  JsonErrorHandler(Consumer<RejectionReason> rejected) {
    this.rejected = rejected;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    rejected.accept(RejectionReason.BAD_HTTP);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JsonResponse.CONTENT_TYPE);
    response.write(true, ByteBuffer.wrap(body(code, message)), callback);
  }

  private static byte[] body(int status, String reason) {
    String message = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
    return WireJson.encode(new ErrorBody(message, null));
  }
}
