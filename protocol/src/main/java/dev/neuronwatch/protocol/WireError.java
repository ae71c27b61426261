package dev.neuronwatch.protocol;

/**
 * Why a body is not a valid message: its kind, the JSON path of the offending field ({@code
 * samples[0].layers[1].output.mean}, or {@code "$"} for the body as a whole) and what is wrong,
 * without the field.
 *
 * <pre>{@code
 * WireError error = new WireError(WireError.Kind.FIELD, "samples[0].step", "must not be negative");
 * }</pre>
 */
public record WireError(Kind kind, String field, String reason) {

  /** What broke: the JSON syntax, or a field of well-formed JSON. */
  public enum Kind {
    /** Not JSON: empty, truncated, a bad literal such as {@code NaN}, too deeply nested. */
    SYNTAX,
    /** Well-formed JSON that breaks the protocol: a missing, unknown or out-of-range field. */
    FIELD
  }

  public WireError {
    Checks.required("kind", kind);
    Checks.required("field", field);
    Checks.required("reason", reason);
  }

  /** {@code samples[0].step: must not be negative}. */
  @Override
  public String toString() {
    return field + ": " + reason;
  }
}
