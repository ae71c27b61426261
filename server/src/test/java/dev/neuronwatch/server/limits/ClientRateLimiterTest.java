package dev.neuronwatch.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientRateLimiterTest {
  private final AtomicLong nanos = new AtomicLong();
  private final ClientRateLimiter limiter = new ClientRateLimiter(1, 2, nanos::get);

  @Test
  void eachClientHasItsOwnBucket() {
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isEqualTo(Duration.ofSeconds(1));

    assertThat(limiter.acquire("b")).isZero();
    assertThat(limiter.clients()).isEqualTo(2);
  }

  @Test
  void pruningForgetsOnlyClientsWhoseBucketsRefilled() {
    limiter.acquire("a");
    limiter.acquire("a");
    nanos.addAndGet(Duration.ofMillis(1500).toNanos());
    limiter.acquire("b");

    limiter.prune();

    // a has refilled 1.5 of 2 tokens and b has just spent one: both stay.
    assertThat(limiter.clients()).isEqualTo(2);
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    limiter.prune();
    assertThat(limiter.clients()).isZero();
  }

  @Test
  void manyClientsAreBoundedByPruningOnTheRequestPath() {
    for (int i = 0; i < 10_000; i++) {
      limiter.acquire("client-" + i);
      nanos.addAndGet(Duration.ofMillis(10).toNanos());
    }

    // Buckets refill in 2 s (burst 2 at 1/s): at most the last ~200 clients plus one prune's slack.
    assertThat(limiter.clients()).isLessThan(2048);
  }
}
