package dev.neuronwatch.protocol;

/**
 * A body that could not be decoded into a wire record, with the {@link WireError} that says why:
 * the path of the offending field ({@code samples[0].layers[1].output.mean}, or {@code "$"} when
 * the body as a whole is wrong) and whether the JSON syntax or a field is at fault.
 */
public final class WireFormatException extends Exception {
  private final WireError error;

  public WireFormatException(WireError error, Throwable cause) {
    super(error.toString(), cause);
    this.error = error;
  }

  /** Why the body was refused. */
  public WireError error() {
    return error;
  }

  /** The JSON path of the offending field, {@code "$"} for the whole body. */
  public String field() {
    return error.field();
  }

  /** What is wrong, without the field. */
  public String reason() {
    return error.reason();
  }
}
