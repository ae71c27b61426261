package dev.neuronwatch.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void admitsABurstThenRefusesNamingTheWaitForOneToken() {
    TokenBucket bucket = new TokenBucket(2, 3, 0);

    assertThat(bucket.take(0)).isZero();
    assertThat(bucket.take(0)).isZero();
    assertThat(bucket.take(0)).isZero();
    assertThat(bucket.take(0)).isEqualTo(SECOND / 2);
    assertThat(bucket.take(SECOND / 4)).isEqualTo(SECOND / 4);
    assertThat(bucket.take(SECOND / 2)).isZero();
  }

  @Test
  void refillsAtTheRateButNeverBeyondTheBurst() {
    TokenBucket bucket = new TokenBucket(10, 2, 0);
    bucket.take(0);
    bucket.take(0);

    assertThat(bucket.isFull(SECOND / 10)).isFalse();
    assertThat(bucket.isFull(SECOND / 5)).isTrue();
    long later = 100 * SECOND;
    assertThat(bucket.take(later)).isZero();
    assertThat(bucket.take(later)).isZero();
    assertThat(bucket.take(later)).isPositive();
  }

  @Test
  void overAnyScheduleItAdmitsAtMostBurstPlusRateTimesElapsed() {
    for (long seed = 0; seed < 200; seed++) {
      Random random = new Random(seed);
      double rate = 0.5 + random.nextDouble() * 100;
      int burst = 1 + random.nextInt(50);
      TokenBucket bucket = new TokenBucket(rate, burst, 0);
      long now = 0;
      int admitted = 0;
      for (int i = 0; i < 2000; i++) {
        now += (long) (random.nextDouble() * SECOND / rate);
        if (bucket.take(now) == 0) {
          admitted++;
        }
      }
      double bound = burst + rate * now / (double) SECOND;
      assertThat((double) admitted).as("seed %d", seed).isLessThanOrEqualTo(bound + 1e-9);
      // Requests come twice as fast as the rate on average, so the limit binds; the bucket must
      // not refuse much more than it has to (a full bucket wastes the refill of a long gap).
      assertThat((double) admitted).as("seed %d", seed).isGreaterThan(0.9 * bound - 2);
    }
  }

  @Test
  void rejectsBadSettingsNamingThem() {
    assertThatThrownBy(() -> new TokenBucket(0, 1, 0)).hasMessageStartingWith("perSecond");
    assertThatThrownBy(() -> new TokenBucket(Double.NaN, 1, 0)).hasMessageStartingWith("perSecond");
    assertThatThrownBy(() -> new TokenBucket(1, 0, 0)).hasMessageStartingWith("burst");
  }
}
