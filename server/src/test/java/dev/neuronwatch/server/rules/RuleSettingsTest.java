package dev.neuronwatch.server.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RuleSettingsTest {

  @Test
  void defaultsAreTheDocumentedThresholds() {
    RuleSettings settings = RuleSettings.defaults();

    assertThat(settings.hold()).isEqualTo(3);
    assertThat(settings.nonFiniteHold()).isEqualTo(1);
    assertThat(settings.deadUnitRatio()).isEqualTo(0.5);
    assertThat(settings.vanishingDepthRatio()).isEqualTo(1e-3);
    assertThat(settings.vanishingMeanAbs()).isEqualTo(1e-7);
    assertThat(settings.vanishingDecayRatio()).isEqualTo(1e-4);
    assertThat(settings.explodingGrowthRatio()).isEqualTo(100);
    assertThat(settings.explodingDepthRatio()).isEqualTo(1e3);
    assertThat(settings.saturationRatio()).isEqualTo(0.5);
    assertThat(settings.includeSoftmax()).isFalse();
  }

  @Test
  void builderOverridesOnlyWhatItIsTold() {
    RuleSettings settings = RuleSettings.builder().hold(5).saturationRatio(0.8).build();

    assertThat(settings.hold()).isEqualTo(5);
    assertThat(settings.saturationRatio()).isEqualTo(0.8);
    assertThat(settings.deadUnitRatio()).isEqualTo(RuleSettings.DEFAULT_DEAD_UNIT_RATIO);
    assertThat(settings).isNotEqualTo(RuleSettings.defaults());
    assertThat(RuleSettings.builder().build()).isEqualTo(RuleSettings.defaults());
  }

  @Test
  void buildRejectsOutOfRangeValuesNamingTheField() {
    assertThatThrownBy(() -> RuleSettings.builder().hold(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hold must be at least 1, was 0");
    assertThatThrownBy(() -> RuleSettings.builder().deadUnitRatio(1.5).build())
        .hasMessage("deadUnitRatio must be in [0, 1], was 1.5");
    assertThatThrownBy(() -> RuleSettings.builder().vanishingDepthRatio(1).build())
        .hasMessage("vanishingDepthRatio must be in [0, 1), was 1.0");
    assertThatThrownBy(() -> RuleSettings.builder().explodingGrowthRatio(0.5).build())
        .hasMessage("explodingGrowthRatio must be at least 1, was 0.5");
    assertThatThrownBy(() -> RuleSettings.builder().saturationRatio(Double.NaN).build())
        .hasMessage("saturationRatio must be a finite number, was NaN");
  }

  @Test
  void describeListsEverySettingWithItsValue() {
    assertThat(RuleSettings.defaults().describe())
        .isEqualTo(
            """
            hold = 3
            nonFiniteHold = 1
            deadUnitRatio = 0.5
            vanishingDepthRatio = 0.001
            vanishingMeanAbs = 1.0E-7
            vanishingDecayRatio = 1.0E-4
            explodingGrowthRatio = 100
            explodingDepthRatio = 1000
            saturationRatio = 0.5
            includeSoftmax = false
            """);
  }
}
