package dev.neuronwatch.protocol;

/**
 * The push message's codec: a {@link PushRequest} to the bytes an agent POSTs to {@link
 * Protocol#PUSH_PATH} and back. Decoding never throws for a bad body; it reports a {@link
 * WireError} naming the field.
 *
 * <pre>{@code
 * byte[] body = PushCodec.encode(push);
 * if (PushCodec.decode(body) instanceof DecodedPush.Invalid invalid) {
 *   System.err.println(invalid.error());
 * }
 * }</pre>
 */
public final class PushCodec {
  private PushCodec() {}

  /** The push as UTF-8 JSON. */
  public static byte[] encode(PushRequest push) {
    return WireJson.encode(push);
  }

  /** The push a UTF-8 JSON body holds, or why it holds none. */
  public static DecodedPush decode(byte[] body) {
    try {
      return new DecodedPush.Valid(WireJson.decode(body, PushRequest.class));
    } catch (WireFormatException e) {
      return new DecodedPush.Invalid(e.error());
    }
  }
}
