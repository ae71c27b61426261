package dev.neuronwatch.agent.push;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The server answered a push with a status other than 200.
 *
 * <p>429 and 5xx are {@linkplain #retryable() retryable} (the server is busy or in trouble; 429 may
 * say when to come back in {@link #retryAfter()}); any other status means the server will never
 * accept this batch, and {@link #serverMessage()} says why.
 *
 * <pre>{@code
 * try {
 *   client.push(request);
 * } catch (PushRejectedException e) {
 *   if (!e.retryable()) log.warning(e.status() + ": " + e.serverMessage());
 * }
 * }</pre>
 */
public final class PushRejectedException extends IOException {
  private final int status;
  private final Duration retryAfter;
  private final String serverMessage;

  /**
   * @param status the HTTP status
   * @param retryAfter the parsed Retry-After header, or null
   * @param serverMessage the server's explanation, or an empty string
   */
  public PushRejectedException(int status, Duration retryAfter, String serverMessage) {
    super(
        "server answered "
            + status
            + (serverMessage.isEmpty() ? "" : ": " + serverMessage)
            + (retryAfter == null ? "" : " (retry after " + retryAfter.toMillis() + " ms)"));
    this.status = status;
    this.retryAfter = retryAfter;
    this.serverMessage = serverMessage;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** When the server asked to be tried again, if it did. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** The server's reason (its {@code error} and {@code field}), or an empty string. */
  public String serverMessage() {
    return serverMessage;
  }

  /** True for 429 and 5xx: the same batch may succeed later. */
  public boolean retryable() {
    return status == 429 || status >= 500;
  }
}
