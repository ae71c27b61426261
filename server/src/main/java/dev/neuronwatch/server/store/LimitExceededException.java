package dev.neuronwatch.server.store;

/**
 * A push the store refuses because it would take the server past one of its limits. Nothing of the
 * push was applied. {@code field} is the JSON path of the part at fault ({@code run}, or the name
 * of the first layer over the limit).
 *
 * <pre>{@code
 * try {
 *   store.ingest(push, now, listener);
 * } catch (LimitExceededException e) {
 *   refuse(e.limit(), e.getMessage(), e.field());
 * }
 * }</pre>
 */
public final class LimitExceededException extends RuntimeException {
  private final Limit limit;
  private final String field;

  LimitExceededException(Limit limit, String message, String field) {
    super(message, null, false, false);
    this.limit = limit;
    this.field = field;
  }

  public Limit limit() {
    return limit;
  }

  public String field() {
    return field;
  }

  /** Which limit was reached. */
  public enum Limit {
    /** The store tracks as many runs as it may; the push would add one. */
    RUNS,
    /** The push would give its run more distinct layers than it may have. */
    LAYERS,
    /** The push would add layers beyond the server's memory budget. */
    MEMORY
  }
}
