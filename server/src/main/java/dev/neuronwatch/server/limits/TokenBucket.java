package dev.neuronwatch.server.limits;

/**
 * A token bucket: holds up to {@code burst} tokens, gains {@code perSecond} tokens a second, and
 * each admitted request takes one. Time is passed in as nanoseconds from any fixed origin (such as
 * {@link System#nanoTime()}), so the arithmetic is testable without waiting. Not thread-safe.
 *
 * <pre>{@code
 * TokenBucket bucket = new TokenBucket(50, 100, System.nanoTime());
 * long waitNanos = bucket.take(System.nanoTime()); // 0: admitted
 * }</pre>
 */
public final class TokenBucket {
  private static final double NANOS_PER_SECOND = 1e9;

  private final double tokensPerNano;
  private final double capacity;
  private double tokens;
  private long updatedNanos;

  /** A full bucket. */
  public TokenBucket(double perSecond, int burst, long nowNanos) {
    check(perSecond, burst);
    this.tokensPerNano = perSecond / NANOS_PER_SECOND;
    this.capacity = burst;
    this.tokens = burst;
    this.updatedNanos = nowNanos;
  }

  /**
   * @throws IllegalArgumentException unless {@code perSecond} is positive and finite and {@code
   *     burst} at least 1
   */
  static void check(double perSecond, int burst) {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("perSecond must be positive and finite, was " + perSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1, was " + burst);
    }
  }

  /**
   * Takes a token when there is one.
   *
   * @return 0 when admitted, else how many nanoseconds until a token will be there (nothing taken)
   */
  public long take(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - tokens) / tokensPerNano));
  }

  /** True once the bucket has refilled completely: it is then the same as a new one. */
  public boolean isFull(long nowNanos) {
    refill(nowNanos);
    return tokens >= capacity;
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - updatedNanos;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
      updatedNanos = nowNanos;
    }
  }
}
