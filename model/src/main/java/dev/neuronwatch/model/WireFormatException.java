package dev.neuronwatch.model;

/**
 * A body that could not be decoded into a wire record, with the path of the offending field ({@code
 * samples[0].layers[1].output.mean}), or {@code "$"} when the body as a whole is wrong (not JSON,
 * truncated, too deeply nested).
 */
public final class WireFormatException extends Exception {
  private final String field;
  private final String reason;

  public WireFormatException(String field, String reason, Throwable cause) {
    super(field + ": " + reason, cause);
    this.field = field;
    this.reason = reason;
  }

  /** The JSON path of the offending field, {@code "$"} for the whole body. */
  public String field() {
    return field;
  }

  /** What is wrong, without the field. */
  public String reason() {
    return reason;
  }
}
