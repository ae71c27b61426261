package dev.neuronwatch.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

  @Test
  void parsesTheShortFormsAndIso8601() {
    assertThat(DurationText.parse("0")).isZero();
    assertThat(DurationText.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(DurationText.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(DurationText.parse(" 10m ")).isEqualTo(Duration.ofMinutes(10));
    assertThat(DurationText.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(DurationText.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void refusesAnythingElseQuotingIt() {
    assertThatThrownBy(() -> DurationText.parse("10 minutes")).hasMessageContaining("'10 minutes'");
    assertThatThrownBy(() -> DurationText.parse("-5s")).hasMessageContaining("'-5s'");
    assertThatThrownBy(() -> DurationText.parse("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formatsTheShortestExactFormAndRoundTrips() {
    assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0");
    assertThat(DurationText.format(Duration.ofMinutes(10))).isEqualTo("10m");
    assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(DurationText.format(Duration.ofNanos(5))).isEqualTo("PT0.000000005S");
    for (long millis : new long[] {1, 999, 1000, 60_000, 3_600_000, 7_200_000, 86_400_000}) {
      Duration duration = Duration.ofMillis(millis);
      assertThat(DurationText.parse(DurationText.format(duration))).isEqualTo(duration);
    }
  }
}
