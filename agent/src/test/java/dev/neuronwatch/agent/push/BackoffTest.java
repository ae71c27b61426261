package dev.neuronwatch.agent.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff =
      new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), new Random(7));

  @Test
  void waitsBetweenHalfAndAllOfADoublingCeiling() {
    long[] ceilings = {100, 200, 400, 800, 1600, 2000, 2000, 2000};
    for (int attempt = 1; attempt <= ceilings.length; attempt++) {
      long ceiling = ceilings[attempt - 1];
      for (int draw = 0; draw < 50; draw++) {
        assertThat(backoff.delay(attempt, null).toMillis())
            .as("attempt %d", attempt)
            .isBetween(ceiling / 2, ceiling);
      }
    }
  }

  @Test
  void jitterSpreadsTheWaits() {
    long shortest = Long.MAX_VALUE;
    long longest = 0;
    for (int draw = 0; draw < 200; draw++) {
      long millis = backoff.delay(5, null).toMillis();
      shortest = Math.min(shortest, millis);
      longest = Math.max(longest, millis);
    }

    assertThat(longest - shortest).isGreaterThan(400);
  }

  @Test
  void staysCappedForVeryManyAttempts() {
    assertThat(backoff.delay(Integer.MAX_VALUE, null)).isLessThanOrEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void honoursRetryAfterAsALowerBoundUpToTheMaximum() {
    assertThat(backoff.delay(1, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delay(1, Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.delay(1, Duration.ZERO).toMillis()).isBetween(50L, 100L);
  }

  @Test
  void capsTheInitialWaitAtTheMaximum() {
    Backoff tight = new Backoff(Duration.ofSeconds(1), Duration.ofMillis(10), new Random(1));

    assertThat(tight.delay(1, null).toMillis()).isBetween(5L, 10L);
  }
}
