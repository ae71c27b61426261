package dev.neuronwatch.server.rules;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.GradientSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrozenLayerRuleTest {
  private final FrozenLayerRule rule = new FrozenLayerRule(RuleSettings.defaults());

  private List<RuleReading> read(Double a, Double b, Double c) {
    return rule.evaluate(
        new GradientHistory()
            .observe(
                "run",
                step(
                    1,
                    layer("a", 0, ActivationKind.RELU).gradient(0.5).updateRatio(a).build(),
                    layer("b", 1, ActivationKind.RELU).gradient(0.5).updateRatio(b).build(),
                    layer("c", 2, ActivationKind.LINEAR).gradient(1.0).updateRatio(c).build())));
  }

  @Test
  void firesOnALayerThatDoesNotUpdateWhileTheOthersDo() {
    List<RuleReading> readings = read(0.0, 1e-3, 2e-3);

    assertThat(readings)
        .extracting(RuleReading::layer, RuleReading::verdict)
        .containsExactly(
            tuple("a", Verdict.FIRE), tuple("b", Verdict.CLEAR), tuple("c", Verdict.CLEAR));
    assertThat(readings.get(0).value()).isZero();
    assertThat(readings.get(0).threshold()).isEqualTo(1e-8);
    assertThat(readings.get(0).summary())
        .isEqualTo(
            "update/weight ratio of a is 0.00 (fires below 1.00e-08, clears above 1.00e-07) while"
                + " the other layers update up to 0.00200");
  }

  @Test
  void betweenTheThresholdsKeeps() {
    assertThat(read(5e-8, 1e-3, 1e-3).get(0).verdict()).isEqualTo(Verdict.KEEP);
    assertThat(read(2e-7, 1e-3, 1e-3).get(0).verdict()).isEqualTo(Verdict.CLEAR);
  }

  @Test
  void aRunWhereNothingUpdatesHasNoFrozenLayer() {
    assertThat(read(0.0, 0.0, 0.0)).allMatch(r -> r.verdict() == Verdict.CLEAR);
  }

  @Test
  void aLayerWithoutUpdateRatioIsNotJudged() {
    assertThat(read(null, 1e-3, 1e-3)).extracting(RuleReading::layer).containsExactly("b", "c");
  }

  @Test
  void aLayerWhoseGradientVanishedIsVanishingNotFrozen() {
    List<RuleReading> readings =
        rule.evaluate(
            new GradientHistory()
                .observe(
                    "run",
                    step(
                        1,
                        layer("a", 0, ActivationKind.SIGMOID)
                            .gradient(new GradientSummary(1e-9, 0, 0, 1e-12, 0, 0))
                            .updateRatio(0.0)
                            .build(),
                        layer("c", 1, ActivationKind.LINEAR)
                            .gradient(1.0)
                            .updateRatio(1e-3)
                            .build())));

    assertThat(readings.get(0).verdict()).isEqualTo(Verdict.CLEAR);
  }

  @Test
  void aLayerWhoseUnitsDiedGetsNoGradientAndIsNotFrozen() {
    // Dead units upstream: no gradient reaches this layer's weights, nor the output layer's, so
    // the depth ratio is unknown; the zero gradient itself says the layer was not left out of the
    // optimiser.
    GradientSummary none = new GradientSummary(0, 0, 0, 0, 0, 0);
    List<RuleReading> readings =
        rule.evaluate(
            new GradientHistory()
                .observe(
                    "run",
                    step(
                        1,
                        layer("a", 0, ActivationKind.RELU).gradient(0.5).updateRatio(1e-3).build(),
                        layer("b", 1, ActivationKind.RELU).gradient(none).updateRatio(0.0).build(),
                        layer("c", 2, ActivationKind.LINEAR)
                            .gradient(none)
                            .updateRatio(0.0)
                            .build())));

    assertThat(readings)
        .extracting(RuleReading::layer, RuleReading::verdict)
        .containsExactly(
            tuple("a", Verdict.CLEAR), tuple("b", Verdict.CLEAR), tuple("c", Verdict.CLEAR));
  }
}
