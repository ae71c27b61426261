package dev.neuronwatch.agent.push;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with jitter for retrying failed pushes.
 *
 * <p>Attempt {@code k} (1 for the first retry) waits a random time between half and all of {@code
 * min(maxBackoff, initial * 2^(k-1))} ("equal jitter"), so agents that lost the server at the same
 * moment do not return in lockstep. A server's Retry-After is honoured as a lower bound, but never
 * beyond {@code maxBackoff}: the agent stays responsive to a server that recovers sooner.
 *
 * <p>The jitter comes from this object's own {@link Random}, never from a shared one, so the agent
 * does not consume random numbers a training job may rely on for reproducibility.
 *
 * <pre>{@code
 * Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), new Random());
 * Duration wait = backoff.delay(3, null); // between 200 and 400 ms
 * }</pre>
 */
public final class Backoff {
  private final long initialMillis;
  private final long maxMillis;
  private final Random random;

  /**
   * @param initial the ceiling of the first retry's wait; capped at {@code max}
   * @param max the longest wait
   * @param random the jitter source, used by the push thread only
   */
  public Backoff(Duration initial, Duration max, Random random) {
    this.maxMillis = Math.max(1, max.toMillis());
    this.initialMillis = Math.min(Math.max(1, initial.toMillis()), maxMillis);
    this.random = random;
  }

  /**
   * The wait before retry number {@code attempt} (1-based).
   *
   * @param retryAfter the server's Retry-After, or null
   */
  public Duration delay(int attempt, Duration retryAfter) {
    long ceiling = ceilingMillis(attempt);
    long half = ceiling / 2;
    long jittered = half + random.nextLong(ceiling - half + 1);
    if (retryAfter != null) {
      jittered = Math.max(jittered, Math.min(retryAfter.toMillis(), maxMillis));
    }
    return Duration.ofMillis(jittered);
  }

  private long ceilingMillis(int attempt) {
    int doublings = Math.max(0, Math.min(attempt - 1, 40));
    long ceiling = initialMillis;
    for (int i = 0; i < doublings && ceiling < maxMillis; i++) {
      ceiling *= 2;
    }
    return Math.min(ceiling, maxMillis);
  }
}
