package dev.neuronwatch.protocol;

/**
 * A wire value that breaks the protocol, with the name of the offending field.
 *
 * <p>Thrown by the record constructors of this package; the {@link WireJson} decoder prefixes
 * {@link #field()} with the path of the enclosing objects, so a client reads for example {@code
 * samples[0].layers[2].output.mean}.
 */
public final class InvalidFieldException extends IllegalArgumentException {
  private final String field;
  private final String reason;

  public InvalidFieldException(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
    this.reason = reason;
  }

  /** The field name, or a dotted path when known. */
  public String field() {
    return field;
  }

  /** What is wrong with it, without the field name. */
  public String reason() {
    return reason;
  }
}
