package dev.neuronwatch.server.metrics;

import java.util.Locale;

/**
 * Why a push was refused; the {@code reason} tag of {@code neuronwatch.ingest.rejected}.
 *
 * <pre>{@code
 * ingestMetrics.rejected(RejectionReason.TOO_LARGE);
 * }</pre>
 */
public enum RejectionReason {
  /** The body is not JSON (empty, truncated, malformed, nested too deeply). */
  INVALID_JSON,
  /** The body is JSON but a field breaks the protocol. */
  INVALID_FIELD,
  /** The body exceeds the configured limit. */
  TOO_LARGE,
  /** The content type is not application/json. */
  UNSUPPORTED_MEDIA_TYPE,
  /** The push would add a run beyond the server's run limit. */
  RUN_LIMIT,
  /** The push would give its run more layers than the per-run limit. */
  LAYER_LIMIT,
  /** The client sent more pushes than its rate allows. */
  RATE_LIMITED,
  /** The push lacks the write token, or carries a wrong one. */
  UNAUTHORIZED,
  /** The body did not arrive within the body read timeout (a slow or stalled client). */
  SLOW_BODY,
  /** The client address already had as many connections open as allowed. */
  CONNECTION_LIMIT,
  /**
   * The web server refused the request before any route saw it: malformed HTTP, headers too large,
   * a URI or query that is not valid percent-encoding, a method-override header.
   */
  BAD_HTTP,
  /** The push would add layers beyond the server's memory budget of stored layers. */
  MEMORY_BUDGET,
  /** The journal could not commit the push (disk full, file gone); nothing of it was applied. */
  STORAGE_FAILED;

  /** The tag value, e.g. {@code invalid_json}. */
  public String tagValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
