package dev.neuronwatch.server.rules.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromqlLiteralTest {

  @Test
  void numberPicksTheShorterOfPlainAndScientificPlainOnATie() {
    assertThat(PromqlLiteral.number(0.5)).isEqualTo("0.5");
    assertThat(PromqlLiteral.number(0.05)).isEqualTo("0.05");
    assertThat(PromqlLiteral.number(1e-3)).isEqualTo("1e-3");
    assertThat(PromqlLiteral.number(1e-7)).isEqualTo("1e-7");
    assertThat(PromqlLiteral.number(2.5e-8)).isEqualTo("2.5e-8");
    assertThat(PromqlLiteral.number(100)).isEqualTo("100");
    assertThat(PromqlLiteral.number(1000)).isEqualTo("1e3");
    assertThat(PromqlLiteral.number(2500)).isEqualTo("2500");
    assertThat(PromqlLiteral.number(0)).isEqualTo("0");
    assertThat(PromqlLiteral.number(-0.25)).isEqualTo("-0.25");
  }

  @Test
  void numberParsesBackToTheSameDouble() {
    for (double value :
        List.of(0.5, 0.1, 1.0 / 3, 1e-3, 1e-7, 7.25e-12, 100.0, 1e3, 123456.789, 1e300, 4.9e-324)) {
      assertThat(Double.parseDouble(PromqlLiteral.number(value))).as("%s", value).isEqualTo(value);
    }
  }

  @Test
  void numberRejectsWhatPromqlThresholdsCannotBe() {
    assertThatThrownBy(() -> PromqlLiteral.number(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("value");
    assertThatThrownBy(() -> PromqlLiteral.number(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void percentDropsNeedlessDigits() {
    assertThat(PromqlLiteral.percent(0.5)).isEqualTo("50%");
    assertThat(PromqlLiteral.percent(0.655)).isEqualTo("65.5%");
    assertThat(PromqlLiteral.percent(1)).isEqualTo("100%");
    assertThat(PromqlLiteral.percent(0)).isEqualTo("0%");
  }

  @Test
  void durationUsesMinutesOnlyWhenTheyDivideEvenly() {
    assertThat(PromqlLiteral.duration(Duration.ZERO)).isEqualTo("0s");
    assertThat(PromqlLiteral.duration(Duration.ofSeconds(10))).isEqualTo("10s");
    assertThat(PromqlLiteral.duration(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(PromqlLiteral.duration(Duration.ofMinutes(2))).isEqualTo("2m");
  }

  @Test
  void durationRejectsNegativeAndFractionalSeconds() {
    assertThatThrownBy(() -> PromqlLiteral.duration(Duration.ofSeconds(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("duration");
    assertThatThrownBy(() -> PromqlLiteral.duration(Duration.ofMillis(1500)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
