package dev.neuronwatch.trainer.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.trainer.RecordingAgent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  /**
   * The samples that carry layers: the due ones and those of the agent's bursts after an anomaly,
   * without the layerless samples it sends for a loss spike on a step that was not due.
   */
  private static List<StepSample> layered(RecordingAgent run) {
    return run.samples().stream().filter(s -> !s.layers().isEmpty()).toList();
  }

  @Test
  void healthyTripsNoRuleAtAnySampleAndLearns() {
    RecordingAgent run = train(Scenario.HEALTHY);
    List<StepSample> samples = layered(run);
    assertThat(samples.stream().filter(s -> s.step() % SAMPLE_EVERY == 0)).hasSize(150);
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
    List<StepSample> samples = layered(train(Scenario.DYING_RELU));
    assertThat(AlertRules.longestRun(samples, AlertRules::dyingRelu))
        .isGreaterThanOrEqualTo(CONSECUTIVE);
    // Dead units stay dead: the last sample still shows it.
    assertThat(AlertRules.dyingRelu(samples.get(samples.size() - 1))).isTrue();
    assertThat(samples.stream().anyMatch(AlertRules::nonFinite)).isFalse();
  }

  @Test
  void vanishingGradientsStarveTheLowerLayers() {
    List<StepSample> samples = layered(train(Scenario.VANISHING_GRADIENTS));
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
    List<StepSample> samples = layered(run);
    int firstNonFinite = indexOfFirst(samples);
    assertThat(firstNonFinite).as("the run ends in Inf/NaN").isPositive();
    List<StepSample> finite = samples.subList(0, firstNonFinite);
    assertThat(AlertRules.longestRun(finite, new AlertRules.Exploding()))
        .isGreaterThanOrEqualTo(CONSECUTIVE);
    assertThat(
            AlertRules.longestRun(
                samples.subList(firstNonFinite, samples.size()), AlertRules::nonFinite))
        .isGreaterThanOrEqualTo(CONSECUTIVE);
    assertThat(run.result().diverged()).isTrue();
  }

  @Test
  void saturationPinsHiddenTanhUnitsAtTheirBounds() {
    List<StepSample> samples = layered(train(Scenario.SATURATION));
    assertThat(AlertRules.longestRun(samples, AlertRules::saturation))
        .isGreaterThanOrEqualTo(CONSECUTIVE);
    assertThat(samples.stream().anyMatch(AlertRules::nonFinite)).isFalse();
  }

  /**
   * The agent sees every step's loss, so the spike reaches it whatever its sampling interval: the
   * first sample whose loss is far above its window's median comes right after the restart, as a
   * sample of its own when that step was not due.
   */
  @ParameterizedTest(name = "sample every {0}")
  @ValueSource(ints = {1, 10})
  void theLossSpikeReachesTheAgentRightAfterTheRestartAtAnySamplingInterval(int sampleEvery) {
    List<StepSample> samples =
        RecordingAgent.train(Scenario.LOSS_SPIKE.config(), sampleEvery).samples();
    StepSample first =
        samples.stream()
            .filter(s -> s.step() > 500 && s.lossWindow() != null)
            .filter(s -> s.loss() > 10 * s.lossWindow().median())
            .findFirst()
            .orElseThrow();
    assertThat(first.step()).isBetween(501L, 520L);
    assertThat(first.lossWindow().count()).isEqualTo(128);
    assertThat(first.loss())
        .isGreaterThan(first.lossWindow().median() + 6 * 1.4826 * first.lossWindow().mad());
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
                + "vanishing-gradients, exploding-gradients, saturation, loss-spike, "
                + "frozen-layer, deep-relu-xavier, small-init-sigmoid");
    assertThat(Scenario.fromName("Small_Init_Sigmoid")).isEqualTo(Scenario.SMALL_INIT_SIGMOID);
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
