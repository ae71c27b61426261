package dev.neuronwatch.trainer.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuronwatch.model.LayerSample;
import dev.neuronwatch.model.StepSample;
import dev.neuronwatch.trainer.RecordingAgent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract the end-to-end tests rely on: trained with an agent sampling every 10 steps, each
 * pathological preset shows its statistics in at least 5 consecutive samples (the server's alert
 * needs 3), and the healthy preset never trips any rule.
 */
class ScenarioTest {
  private static final int SAMPLE_EVERY = 10;
  private static final int CONSECUTIVE = 5;

  private static RecordingAgent train(Scenario scenario) {
    return RecordingAgent.train(scenario.config(), SAMPLE_EVERY);
  }

  @Test
  void healthyTripsNoRuleAtAnySampleAndLearns() {
    RecordingAgent run = train(Scenario.HEALTHY);
    List<StepSample> samples = run.samples();
    assertThat(samples).hasSize(150);
    AlertRules.Exploding exploding = new AlertRules.Exploding();
    for (StepSample sample : samples) {
      assertThat(sample.loss()).as("loss at %d", sample.step()).isNotNull();
      for (LayerSample layer : sample.layers()) {
        if (layer.deadFraction() != null) {
          assertThat(layer.deadFraction())
              .as("%s at %d", layer.name(), sample.step())
              .isLessThan(0.5);
        }
        assertThat(layer.gradient().weightMeanAbs()).isGreaterThanOrEqualTo(1e-7);
      }
      assertThat(AlertRules.minDepthRatio(sample)).isGreaterThanOrEqualTo(1e-3);
      assertThat(AlertRules.maxDepthRatio(sample)).isLessThanOrEqualTo(1e3);
      assertThat(exploding.test(sample)).as("growth at %d", sample.step()).isFalse();
      assertThat(AlertRules.dyingRelu(sample)).isFalse();
      assertThat(AlertRules.vanishingGradient(sample)).isFalse();
      assertThat(AlertRules.saturation(sample)).isFalse();
      assertThat(AlertRules.nonFinite(sample)).isFalse();
    }
    assertThat(run.result().finalAccuracy()).isGreaterThan(0.95);
    assertThat(run.result().diverged()).isFalse();
  }

  @Test
  void dyingReluKillsMostUnitsOfAHiddenLayerForGood() {
    List<StepSample> samples = train(Scenario.DYING_RELU).samples();
    assertThat(AlertRules.longestRun(samples, AlertRules::dyingRelu))
        .isGreaterThanOrEqualTo(CONSECUTIVE);
    // Dead units stay dead: the last sample still shows it.
    assertThat(AlertRules.dyingRelu(samples.get(samples.size() - 1))).isTrue();
    assertThat(samples.stream().anyMatch(AlertRules::nonFinite)).isFalse();
  }

  @Test
  void vanishingGradientsStarveTheLowerLayers() {
    List<StepSample> samples = train(Scenario.VANISHING_GRADIENTS).samples();
    assertThat(AlertRules.longestRun(samples, AlertRules::vanishingGradient))
        .isGreaterThanOrEqualTo(CONSECUTIVE);
    assertThat(AlertRules.longestRun(samples, s -> AlertRules.minDepthRatio(s) < 1e-3))
        .as("through the depth ratio itself, not only the mean-absolute floor")
        .isGreaterThanOrEqualTo(CONSECUTIVE);
    assertThat(samples.stream().anyMatch(AlertRules::nonFinite)).isFalse();
  }

  @Test
  void explodingGradientsGrowForManySamplesBeforeTurningNonFinite() {
    RecordingAgent run = train(Scenario.EXPLODING_GRADIENTS);
    List<StepSample> samples = run.samples();
    int firstNonFinite = indexOfFirst(samples);
    assertThat(firstNonFinite).as("the run ends in Inf/NaN").isPositive();
    List<StepSample> finite = samples.subList(0, firstNonFinite);
    assertThat(AlertRules.longestRun(finite, new AlertRules.Exploding()))
        .isGreaterThanOrEqualTo(CONSECUTIVE);
    assertThat(AlertRules.longestRun(samples.subList(firstNonFinite, samples.size()),
            AlertRules::nonFinite))
        .isGreaterThanOrEqualTo(CONSECUTIVE);
    assertThat(run.result().diverged()).isTrue();
  }

  @Test
  void saturationPinsHiddenTanhUnitsAtTheirBounds() {
    List<StepSample> samples = train(Scenario.SATURATION).samples();
    assertThat(AlertRules.longestRun(samples, AlertRules::saturation))
        .isGreaterThanOrEqualTo(CONSECUTIVE);
    assertThat(samples.stream().anyMatch(AlertRules::nonFinite)).isFalse();
  }

  @Test
  void namesParseAndUnknownNamesListTheValidOnes() {
    assertThat(Scenario.fromName("dying-relu")).isEqualTo(Scenario.DYING_RELU);
    assertThat(Scenario.fromName("Exploding_Gradients")).isEqualTo(Scenario.EXPLODING_GRADIENTS);
    assertThat(Scenario.VANISHING_GRADIENTS.cliName()).isEqualTo("vanishing-gradients");
    assertThatThrownBy(() -> Scenario.fromName("overfitting"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown scenario 'overfitting', expected one of healthy, dying-relu, "
                + "vanishing-gradients, exploding-gradients, saturation");
    for (Scenario scenario : Scenario.values()) {
      assertThat(scenario.description()).isNotBlank();
      assertThat(scenario.config().steps()).isLessThanOrEqualTo(1500);
      assertThat(scenario.config().width()).isLessThanOrEqualTo(64);
    }
  }

  private static int indexOfFirst(List<StepSample> samples) {
    for (int i = 0; i < samples.size(); i++) {
      if (AlertRules.nonFinite(samples.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
