package dev.neuronwatch.server.http;

import dev.neuronwatch.protocol.WireJson;
import dev.neuronwatch.server.metrics.RejectionReason;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses, before any route sees them, requests that would be read differently from what they say:
 * a method-override header (Javalin routes {@code GET} with {@code X-HTTP-Method-Override: DELETE}
 * as a {@code DELETE}, so a link or a read-only proxy could delete a run), and a query string that
 * is not valid percent-encoding (Javalin drops such a parameter, so {@code ?run=%ZZ} read as no
 * filter at all). Both are answered 400 naming the header or parameter and counted as {@code
 * bad_http}.
 *
 * <pre>{@code
 * server.insertHandler(new RequestScreen(ingest::rejected));
 * }</pre>
 */
final class RequestScreen extends Handler.Wrapper {
  /** The headers some frameworks read as the method to route by. */
  static final List<String> METHOD_OVERRIDES =
      List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");

  private final Consumer<RejectionReason> rejected;

  RequestScreen(Consumer<RejectionReason> rejected) {
    this.rejected = rejected;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    for (String header : METHOD_OVERRIDES) {
      if (request.getHeaders().contains(header)) {
        return refuse(
            response,
            callback,
            "method overrides are not supported: send the method itself",
            header);
      }
    }
    String query = request.getHttpURI().getQuery();
    String badParameter = query == null ? null : badlyEncodedParameter(query);
    if (badParameter != null) {
      return refuse(
          response,
          callback,
          "is not valid percent-encoding (every % must be followed by two hex digits)",
          badParameter);
    }
    return super.handle(request, response, callback);
  }

  /**
   * The name of the first parameter of {@code query} (raw, as sent) whose name or value is not
   * valid percent-encoding, the raw name when the name itself is broken; null when all are valid.
   */
  static String badlyEncodedParameter(String query) {
    for (String pair : query.split("&", -1)) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      if (!validEncoding(name)) {
        return "query";
      }
      if (equals >= 0 && !validEncoding(pair.substring(equals + 1))) {
        return java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static boolean validEncoding(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      if (raw.charAt(i) == '%') {
        if (i + 2 >= raw.length() || !hex(raw.charAt(i + 1)) || !hex(raw.charAt(i + 2))) {
          return false;
        }
        i += 2;
      }
    }
    return true;
  }

  private static boolean hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private boolean refuse(Response response, Callback callback, String message, String field) {
    rejected.accept(RejectionReason.BAD_HTTP);
    response.setStatus(HttpStatus.BAD_REQUEST_400);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JsonResponse.CONTENT_TYPE);
    byte[] body = WireJson.encode(new ErrorBody(message, field));
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }
}
