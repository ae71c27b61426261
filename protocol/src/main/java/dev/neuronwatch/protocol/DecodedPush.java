package dev.neuronwatch.protocol;

/**
 * What {@link PushCodec#decode} made of a body: a valid {@link PushRequest}, or the {@link
 * WireError} that names what was wrong with it.
 *
 * <pre>{@code
 * DecodedPush decoded = PushCodec.decode(body);
 * if (decoded instanceof DecodedPush.Valid valid) {
 *   store(valid.push());
 * } else if (decoded instanceof DecodedPush.Invalid invalid) {
 *   refuse(invalid.error());
 * }
 * }</pre>
 */
public sealed interface DecodedPush {

  /** The body is a valid push. */
  record Valid(PushRequest push) implements DecodedPush {
    public Valid {
      Checks.required("push", push);
    }
  }

  /** The body is not a valid push, for the reason given. */
  record Invalid(WireError error) implements DecodedPush {
    public Invalid {
      Checks.required("error", error);
    }
  }
}
