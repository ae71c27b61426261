package dev.neuronwatch.server.http;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import dev.neuronwatch.model.PushRequest;
import dev.neuronwatch.model.WireFormatException;
import dev.neuronwatch.model.WireJson;
import dev.neuronwatch.server.ingest.IngestPipeline;
import dev.neuronwatch.server.metrics.RejectionReason;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;

/**
 * {@code POST /api/v1/push}: 415 unless the body is {@code application/json} (UTF-8), 413 when it
 * is longer than the limit, 400 naming the field when it does not decode into a valid {@link
 * PushRequest}, else 200 with the {@link dev.neuronwatch.model.PushResponse}. A refused push
 * changes nothing but the rejection counter.
 *
 * <pre>{@code
 * IngestController ingest = new IngestController(pipeline, 1 << 20);
 * }</pre>
 */
public final class IngestController {
  static final String PATH = "/api/v1/push";

  private final IngestPipeline pipeline;
  private final int maxBodyBytes;

  public IngestController(IngestPipeline pipeline, int maxBodyBytes) {
    this.pipeline = pipeline;
    this.maxBodyBytes = maxBodyBytes;
  }

  void push(Context ctx) {
    checkContentType(ctx.contentType());
    if (ctx.req().getContentLengthLong() > maxBodyBytes) {
      throw tooLarge();
    }
    byte[] body = readBody(ctx);
    PushRequest push;
    try {
      push = WireJson.decode(body, PushRequest.class);
    } catch (WireFormatException e) {
      throw refuse(reasonOf(e), 400, e.reason(), e.field());
    }
    JsonResponse.write(ctx, 200, pipeline.ingest(push));
  }

  private void checkContentType(String contentType) {
    String[] parts = contentType == null ? new String[] {""} : contentType.split(";");
    if (!parts[0].trim().equalsIgnoreCase(JsonResponse.CONTENT_TYPE)) {
      throw refuse(
          RejectionReason.UNSUPPORTED_MEDIA_TYPE,
          415,
          "content type must be application/json, was "
              + (contentType == null ? "none" : "'" + contentType + "'"),
          "Content-Type");
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim().toLowerCase(Locale.ROOT).replace("\"", "");
      if (parameter.startsWith("charset=") && !parameter.equals("charset=utf-8")) {
        throw refuse(
            RejectionReason.UNSUPPORTED_MEDIA_TYPE,
            415,
            "the body must be UTF-8, was " + parameter,
            "Content-Type");
      }
    }
  }

  private byte[] readBody(Context ctx) {
    byte[] body;
    try {
      body = BoundedBody.read(ctx.bodyInputStream(), maxBodyBytes);
    } catch (IOException e) {
      throw refuse(RejectionReason.INVALID_JSON, 400, "body could not be read", "$");
    }
    if (body == null) {
      throw tooLarge();
    }
    return body;
  }

  private ApiError tooLarge() {
    return refuse(
        RejectionReason.TOO_LARGE,
        413,
        "body exceeds the limit of " + maxBodyBytes + " bytes",
        "$");
  }

  private ApiError refuse(RejectionReason reason, int status, String message, String field) {
    pipeline.rejected(reason);
    return new ApiError(status, message, field);
  }

  /** Syntax errors are invalid JSON; a well-formed body that breaks the protocol is a field's. */
  static RejectionReason reasonOf(WireFormatException e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof StreamReadException || cause instanceof StreamConstraintsException) {
        return RejectionReason.INVALID_JSON;
      }
    }
    return e.getCause() == null && e.field().equals("$")
        ? RejectionReason.INVALID_JSON
        : RejectionReason.INVALID_FIELD;
  }
}
