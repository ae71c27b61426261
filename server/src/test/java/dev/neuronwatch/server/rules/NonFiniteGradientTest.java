package dev.neuronwatch.server.rules;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.GradientSummary;
import dev.neuronwatch.protocol.StepSample;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Once a gradient holds NaN or Inf, the norms of its finite part (often 0) say nothing about its
 * size: the gradient-size rules must neither fire nor resolve on them.
 */
class NonFiniteGradientTest {
  private final GradientHistory history = new GradientHistory();
  private final RuleSettings settings = RuleSettings.defaults();

  private StepSample sample(long step, GradientSummary input, double outputNorm) {
    return step(
        step,
        layer("in", 0, ActivationKind.LINEAR).gradient(input).build(),
        layer("out", 1, ActivationKind.LINEAR).gradient(outputNorm).build());
  }

  private static GradientSummary finite(double norm) {
    return new GradientSummary(norm, 0, 0, norm / 100, 0, 0);
  }

  private static GradientSummary allNaN() {
    return new GradientSummary(0, 0, 0, 0, 4096, 0);
  }

  @Test
  void aNaNGradientIsNotReadAsVanished() {
    history.observe("run", sample(1, finite(1.0), 1.0));
    SampleSignals signals = history.observe("run", sample(2, allNaN(), 1.0));

    List<RuleReading> readings = new VanishingGradientRule(settings).evaluate(signals);

    assertThat(readings).noneMatch(r -> r.layer().equals("in"));
  }

  @Test
  void aNaNGradientEscalatesExplodingGrowthAndYieldsNoRatios() {
    history.observe("run", sample(1, finite(1.0), 1.0));
    history.observe("run", sample(2, finite(500.0), 1.0));
    SampleSignals signals = history.observe("run", sample(3, allNaN(), 1.0));

    List<RuleReading> readings = new ExplodingGradientRule(settings).evaluate(signals);

    assertThat(readings)
        .filteredOn(r -> r.layer().equals("in"))
        .singleElement()
        .matches(r -> r.verdict() == Verdict.ESCALATE);
    assertThat(signals.layers().get(0).growthRatio()).isNull();
  }

  @Test
  void aNaNGradientInTheDeepestLayerGivesNoDepthRatios() {
    SampleSignals signals =
        history.observe(
            "run",
            step(
                1,
                layer("in", 0, ActivationKind.LINEAR).gradient(finite(1.0)).build(),
                layer("out", 1, ActivationKind.LINEAR).gradient(allNaN()).build()));

    assertThat(signals.layers().get(0).depthRatio()).isNull();
  }
}
