package dev.neuronwatch.server.http;

import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.PushResponse;
import dev.neuronwatch.protocol.WireError;
import dev.neuronwatch.protocol.WireFormatException;
import dev.neuronwatch.protocol.WireJson;
import dev.neuronwatch.server.durable.StorageFailedException;
import dev.neuronwatch.server.ingest.IngestPipeline;
import dev.neuronwatch.server.limits.ClientRateLimiter;
import dev.neuronwatch.server.metrics.RejectionReason;
import dev.neuronwatch.server.store.LimitExceededException;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /api/v1/push}, checked in this order: without the write token (when one is set), 429
 * with Retry-After when the client address is over its rate for such pushes, else 401; 415 unless
 * the body is {@code application/json} (UTF-8), 413 when it is longer than the limit, 400 naming
 * the field when {@link WireJson} finds no valid {@link PushRequest} in it, 429 with Retry-After
 * when the push's run is over its rate, 429 when it would add a run beyond the run limit, 422 when
 * it would give its run more layers than allowed, 429 with Retry-After when its new layers do not
 * fit the memory budget; else 200 with the {@link PushResponse}. A refused push changes nothing but
 * the rejection counter.
 *
 * <p>The rate limit is by identity: an authenticated push (or any push when the server has no write
 * token) counts against its run's bucket, so agents behind one reverse proxy do not share one; only
 * pushes that fail authentication count against their address, and they never use up an
 * authenticated client's rate. The server has one write token, so the token and the run together
 * are the identity.
 *
 * <pre>{@code
 * IngestController ingest = new IngestController(pipeline, 1 << 20, BearerAuth.of(token), limiter);
 * }</pre>
 */
public final class IngestController {
  /** A run slot frees only when a run ends, so the agent need not retry soon. */
  static final Duration RUN_LIMIT_RETRY_AFTER = Duration.ofSeconds(60);

  // The limiter's keys: one namespace per kind of identity.
  private static final String RUN_KEY = "run:";
  private static final String ADDRESS_KEY = "address:";

  private final IngestPipeline pipeline;
  private final int maxBodyBytes;
  private final BearerAuth writes;
  private final ClientRateLimiter limiter;

  /**
   * @param limiter the rate limit, per run and per address of unauthenticated pushes, or null for
   *     none
   */
  public IngestController(
      IngestPipeline pipeline, int maxBodyBytes, BearerAuth writes, ClientRateLimiter limiter) {
    this.pipeline = pipeline;
    this.maxBodyBytes = maxBodyBytes;
    this.writes = writes;
    this.limiter = limiter;
  }

  /**
   * Counts a push refused before it reached this controller (a slow body, too many connections).
   */
  void rejected(RejectionReason reason) {
    pipeline.rejected(reason);
  }

  void push(Context ctx) {
    authorize(ctx);
    checkContentType(ctx.contentType());
    if (ctx.req().getContentLengthLong() > maxBodyBytes) {
      throw tooLarge();
    }
    byte[] body = readBody(ctx);
    PushRequest push = decode(body);
    admit(RUN_KEY + push.run(), "too many pushes for run " + push.run() + ", retry later");
    PushResponse response;
    try {
      response = pipeline.ingest(push, body);
    } catch (LimitExceededException e) {
      throw refused(e);
    } catch (StorageFailedException e) {
      throw refuse(
          RejectionReason.STORAGE_FAILED,
          503,
          "the server could not store the push; nothing of it was applied, retry later",
          "$",
          Map.of("Retry-After", retryAfter(RUN_LIMIT_RETRY_AFTER)));
    }
    JsonResponse.write(ctx, 200, response);
  }

  /** Counts one push against {@code identity}'s bucket; 429 with Retry-After when it is empty. */
  private void admit(String identity, String message) {
    if (limiter == null) {
      return;
    }
    Duration wait = limiter.acquire(identity);
    if (!wait.isZero()) {
      throw refuse(
          RejectionReason.RATE_LIMITED, 429, message, "$", Map.of("Retry-After", retryAfter(wait)));
    }
  }

  /** A push without the write token is limited by its address, then refused with 401. */
  private void authorize(Context ctx) {
    try {
      writes.check(ctx);
    } catch (ApiError e) {
      String address = ctx.ip();
      admit(
          ADDRESS_KEY + address,
          "too many unauthenticated pushes from " + address + ", retry later");
      pipeline.rejected(RejectionReason.UNAUTHORIZED);
      throw e;
    }
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

  private PushRequest decode(byte[] body) {
    try {
      return WireJson.decode(body, PushRequest.class);
    } catch (WireFormatException e) {
      throw refused(e.error());
    }
  }

  private ApiError refused(WireError error) {
    RejectionReason reason =
        error.kind() == WireError.Kind.SYNTAX
            ? RejectionReason.INVALID_JSON
            : RejectionReason.INVALID_FIELD;
    return refuse(reason, 400, error.reason(), error.field());
  }

  private ApiError refused(LimitExceededException e) {
    return switch (e.limit()) {
      case RUNS ->
          refuse(
              RejectionReason.RUN_LIMIT,
              429,
              e.getMessage(),
              e.field(),
              Map.of("Retry-After", retryAfter(RUN_LIMIT_RETRY_AFTER)));
      case LAYERS -> refuse(RejectionReason.LAYER_LIMIT, 422, e.getMessage(), e.field());
      case MEMORY ->
          refuse(
              RejectionReason.MEMORY_BUDGET,
              429,
              e.getMessage(),
              e.field(),
              Map.of("Retry-After", retryAfter(RUN_LIMIT_RETRY_AFTER)));
    };
  }

  private ApiError tooLarge() {
    return refuse(
        RejectionReason.TOO_LARGE,
        413,
        "body exceeds the limit of " + maxBodyBytes + " bytes",
        "$");
  }

  private ApiError refuse(RejectionReason reason, int status, String message, String field) {
    return refuse(reason, status, message, field, Map.of());
  }

  private ApiError refuse(
      RejectionReason reason,
      int status,
      String message,
      String field,
      Map<String, String> headers) {
    pipeline.rejected(reason);
    return new ApiError(status, message, field, headers);
  }

  /** Whole seconds, rounded up, at least 1: a Retry-After of 0 would invite an instant retry. */
  static String retryAfter(Duration wait) {
    long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
    return Long.toString(Math.max(1, seconds));
  }
}
