package dev.neuronwatch.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CheckTest {

  @Test
  void namesTheSettingAndTheRejectedValue() {
    assertThatThrownBy(() -> Check.atLeast("hold", 0, 1))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("hold must be at least 1, was 0")
        .satisfies(
            e -> {
              assertThat(((InvalidSettingException) e).setting()).isEqualTo("hold");
              assertThat(((InvalidSettingException) e).reason())
                  .isEqualTo("must be at least 1, was 0");
            });
    assertThatThrownBy(() -> Check.atMost("width", 5000, 4096))
        .hasMessage("width must be at most 4096, was 5000");
    assertThatThrownBy(() -> Check.closed("port", 70000, 0, 65535))
        .hasMessage("port must be in [0, 65535], was 70000");
    assertThatThrownBy(() -> Check.required("run", null)).hasMessage("run is required");
  }

  @Test
  void writesBoundsAsPeopleDoAndIntervalsWithTheirEnds() {
    assertThatThrownBy(() -> Check.closed("deadUnitRatio", 1.5, 0, 1))
        .hasMessage("deadUnitRatio must be in [0, 1], was 1.5");
    assertThatThrownBy(() -> Check.halfOpen("momentum", 1, 0, 1))
        .hasMessage("momentum must be in [0, 1), was 1.0");
    assertThatThrownBy(() -> Check.open("saturationEpsilon", 0, 0, 0.5))
        .hasMessage("saturationEpsilon must be in (0, 0.5), was 0.0");
    assertThatThrownBy(() -> Check.atLeast("explodingGrowthRatio", 0.5, 1))
        .hasMessage("explodingGrowthRatio must be at least 1, was 0.5");
    assertThatThrownBy(() -> Check.positive("stalledLossRatio", 0.0))
        .hasMessage("stalledLossRatio must be a positive number, was 0.0");
    assertThatThrownBy(() -> Check.closed("x", Double.NaN, 0, 1))
        .hasMessage("x must be a finite number, was NaN");
  }

  @Test
  void durationsMustBePresentAndOnTheRightSideOfZero() {
    assertThatThrownBy(() -> Check.positive("flushInterval", Duration.ZERO))
        .hasMessage("flushInterval must be positive, was PT0S");
    assertThatThrownBy(() -> Check.notNegative("runTtl", Duration.ofSeconds(-1)))
        .hasMessage("runTtl must not be negative, was PT-1S");
    assertThatThrownBy(() -> Check.notNegative("shutdownTimeout", null))
        .hasMessage("shutdownTimeout is required");
    Check.notNegative("runTtl", Duration.ZERO);
  }

  @Test
  void aTokenIsAbsentOrVisibleAsciiWithoutSpaces() {
    Check.bearerToken("token", null);
    Check.bearerToken("token", "abc-123_~");
    assertThatThrownBy(() -> Check.bearerToken("writeToken", ""))
        .hasMessage("writeToken must not be empty (null means none)");
    assertThatThrownBy(() -> Check.bearerToken("readToken", "two words"))
        .hasMessage("readToken must be visible ASCII characters without spaces");
  }

  @Test
  void aNestedSettingKeepsItsReasonUnderTheParentsName() {
    InvalidSettingException nested =
        new InvalidSettingException("hold", "must be at least 1, was 0").under("rules");

    assertThat(nested.setting()).isEqualTo("rules.hold");
    assertThat(nested).hasMessage("rules.hold must be at least 1, was 0");
  }
}
