package dev.neuronwatch.protocol;

/**
 * The push protocol's constants, shared by every agent and the server: where pushes go and the
 * limits every valid message obeys. The wire records enforce the limits in their constructors, so
 * an agent cannot build a message the server would refuse for breaking them.
 *
 * <pre>{@code
 * URI endpoint = serverUri.resolve(Protocol.PUSH_PATH);
 * }</pre>
 */
public final class Protocol {
  /** The path a {@link PushRequest} is POSTed to, as {@code application/json} in UTF-8. */
  public static final String PUSH_PATH = "/api/v1/push";

  /** The most samples one push may carry. */
  public static final int MAX_SAMPLES_PER_PUSH = 1024;

  /** The most layers one sampled step may carry. */
  public static final int MAX_LAYERS_PER_STEP = 1024;

  /**
   * The largest step: every integer up to 2^53 is exact as a double, the type of the step gauge and
   * of JSON numbers in most clients.
   */
  public static final long MAX_STEP = 1L << 53;

  /**
   * The most elements a tensor's counts may add up to, 2^53 for the same reason; sums of a few such
   * counts stay far from wrapping round a {@code long}.
   */
  public static final long MAX_ELEMENTS = 1L << 53;

  /** The longest run, attempt or layer name. */
  public static final int MAX_NAME_LENGTH = 128;

  /** JSON nested deeper than this is refused before it is built into objects. */
  public static final int MAX_NESTING_DEPTH = 16;

  private Protocol() {}
}
