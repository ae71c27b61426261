package dev.neuronwatch.server.durable;

/**
 * The journal could not commit a push (disk full, file gone, database locked past its timeout): the
 * push was not applied and must not be acknowledged. The push endpoint answers 503 with reason
 * {@code storage_failed}.
 *
 * <pre>{@code
 * try {
 *   journal.append(push, body, now);
 * } catch (StorageFailedException e) {
 *   // answer 503, apply nothing
 * }
 * }</pre>
 */
public final class StorageFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure to commit to {@code what}, caused by {@code cause}. */
  public StorageFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
