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
    assertThat(settings.includeSoftmax()).isTrue();
    assertThat(settings.resolveHold()).isEqualTo(6);
    assertThat(settings.lossSpikeHold()).isEqualTo(3);
    assertThat(settings.deadUnitClearRatio()).isEqualTo(0.4);
    assertThat(settings.vanishingDepthClearRatio()).isEqualTo(3e-3);
    assertThat(settings.stalledLossRatio()).isEqualTo(0.5);
    assertThat(settings.explodingGrowthClearRatio()).isEqualTo(10);
    assertThat(settings.activationGain()).isEqualTo(0.3);
    assertThat(settings.lossSpikeSigma()).isEqualTo(8);
    assertThat(settings.lossSpikeMinCount()).isEqualTo(32);
    assertThat(settings.frozenUpdateRatio()).isEqualTo(1e-8);
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
  void buildRejectsAClearThresholdOnTheWrongSideOfItsFireThreshold() {
    assertThatThrownBy(() -> RuleSettings.builder().deadUnitClearRatio(0.6).build())
        .hasMessage("deadUnitClearRatio must not exceed deadUnitRatio (0.5), was 0.6");
    assertThatThrownBy(() -> RuleSettings.builder().vanishingDepthClearRatio(1e-4).build())
        .hasMessage(
            "vanishingDepthClearRatio must not be below vanishingDepthRatio (0.001), was 1.0E-4");
    assertThatThrownBy(() -> RuleSettings.builder().stalledLossRatio(0).build())
        .hasMessage("stalledLossRatio must be a positive number, was 0.0");
  }

  @Test
  void describeListsEverySettingWithItsValue() {
    assertThat(RuleSettings.defaults().describe())
        .isEqualTo(
            """
            hold = 3
            resolveHold = 6
            nonFiniteHold = 1
            lossSpikeHold = 3
            deadUnitRatio = 0.5
            deadUnitClearRatio = 0.4
            vanishingDepthRatio = 0.001
            vanishingDepthClearRatio = 0.003
            vanishingMeanAbs = 1.0E-7
            vanishingMeanAbsClear = 3.0E-7
            vanishingDecayRatio = 1.0E-4
            vanishingDecayClearRatio = 3.0E-4
            stalledLossRatio = 0.5
            explodingGrowthRatio = 100
            explodingGrowthClearRatio = 10
            explodingDepthRatio = 1000
            explodingDepthClearRatio = 100
            saturationRatio = 0.5
            saturationClearRatio = 0.4
            activationGain = 0.3
            activationGainClear = 0.4
            includeSoftmax = true
            lossSpikeSigma = 8
            lossSpikeClearSigma = 4
            lossSpikeRatio = 3
            lossSpikeClearRatio = 1.5
            lossSpikeOfFirst = 0.5
            lossSpikeClearOfFirst = 0.2
            lossSpikeMinCount = 32
            lossSpikeResolveSteps = 100
            frozenUpdateRatio = 1.0E-8
            frozenUpdateClearRatio = 1.0E-7
            """);
  }
}
