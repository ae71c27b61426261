package dev.neuronwatch.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IngestControllerTest {

  @Test
  void retryAfterIsWholeSecondsRoundedUpAndNeverZero() {
    assertThat(IngestController.retryAfter(Duration.ofNanos(1))).isEqualTo("1");
    assertThat(IngestController.retryAfter(Duration.ofMillis(1000))).isEqualTo("1");
    assertThat(IngestController.retryAfter(Duration.ofMillis(1001))).isEqualTo("2");
    assertThat(IngestController.retryAfter(Duration.ofSeconds(60))).isEqualTo("60");
  }
}
