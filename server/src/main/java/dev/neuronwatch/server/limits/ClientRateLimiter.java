package dev.neuronwatch.server.limits;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per client address. Buckets that have refilled completely are forgotten
 * (a full bucket behaves as a new one), so the memory held follows the clients active in the last
 * {@code burst / perSecond} seconds rather than every address ever seen. Thread-safe.
 *
 * <pre>{@code
 * ClientRateLimiter limiter = new ClientRateLimiter(50, 100, System::nanoTime);
 * Duration wait = limiter.acquire("10.0.0.7");
 * if (!wait.isZero()) refuse(429, "Retry-After: " + wait.toSeconds());
 * }</pre>
 */
public final class ClientRateLimiter {
  /** Below this many tracked clients, no pruning happens on the request path. */
  private static final int PRUNE_FLOOR = 1024;

  private final double perSecond;
  private final int burst;
  private final LongSupplier nanoTime;
  private final Map<String, TokenBucket> buckets = new HashMap<>();
  private int pruneAt = PRUNE_FLOOR;

  /**
   * @param perSecond sustained requests per second per client, positive
   * @param burst requests a client may send at once, at least 1
   * @param nanoTime the time source, {@code System::nanoTime} outside tests
   */
  public ClientRateLimiter(double perSecond, int burst, LongSupplier nanoTime) {
    TokenBucket.check(perSecond, burst);
    this.perSecond = perSecond;
    this.burst = burst;
    this.nanoTime = nanoTime;
  }

  /**
   * Admits one request of {@code client} if its bucket has a token.
   *
   * @return zero when admitted, else how long until the client may try again
   */
  public synchronized Duration acquire(String client) {
    long now = nanoTime.getAsLong();
    TokenBucket bucket = buckets.get(client);
    if (bucket == null) {
      if (buckets.size() >= pruneAt) {
        prune(now);
        pruneAt = Math.max(PRUNE_FLOOR, 2 * buckets.size());
      }
      bucket = new TokenBucket(perSecond, burst, now);
      buckets.put(client, bucket);
    }
    return Duration.ofNanos(bucket.take(now));
  }

  /** Forgets the clients whose buckets are full again. */
  public synchronized void prune() {
    prune(nanoTime.getAsLong());
  }

  private void prune(long now) {
    buckets.values().removeIf(bucket -> bucket.isFull(now));
  }

  /** How many clients are tracked. */
  public synchronized int clients() {
    return buckets.size();
  }
}
