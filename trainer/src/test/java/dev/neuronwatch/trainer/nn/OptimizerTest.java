package dev.neuronwatch.trainer.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptimizerTest {

  private static Parameter parameter(boolean decays, float value, float gradient) {
    Parameter p = new Parameter("p", 1, decays);
    p.value()[0] = value;
    p.gradient()[0] = gradient;
    return p;
  }

  @Test
  void plainSgdStepsAgainstTheGradient() {
    Parameter p = parameter(true, 1f, 0.5f);
    new Sgd(List.of(p), 0.1, 0, 0).step(1);
    assertThat(p.value()[0]).isCloseTo(0.95f, within(1e-7f));
    assertThat(p.lastUpdate()[0]).isCloseTo(-0.05f, within(1e-7f));
  }

  @Test
  void momentumAccumulatesVelocity() {
    Parameter p = parameter(false, 0f, 1f);
    Sgd sgd = new Sgd(List.of(p), 0.1, 0.9, 0);
    sgd.step(1);
    sgd.step(1);
    // v1 = 1, v2 = 0.9 + 1 = 1.9; w = -0.1 - 0.19
    assertThat(p.value()[0]).isCloseTo(-0.29f, within(1e-6f));
    assertThat(p.lastUpdate()[0]).isCloseTo(-0.19f, within(1e-6f));
  }

  @Test
  void weightDecayAppliesOnlyToDecayingParameters() {
    Parameter weight = parameter(true, 2f, 0f);
    Parameter bias = parameter(false, 2f, 0f);
    new Sgd(List.of(weight, bias), 0.1, 0, 0.5).step(1);
    assertThat(weight.value()[0]).isCloseTo(1.9f, within(1e-6f));
    assertThat(bias.value()[0]).isEqualTo(2f);
  }

  @Test
  void gradientScaleMultipliesTheLossGradientButNotTheDecay() {
    Parameter p = parameter(true, 1f, 4f);
    new Sgd(List.of(p), 1, 0, 0.5).step(0.25);
    assertThat(p.value()[0]).isCloseTo(1f - 1f - 0.5f, within(1e-6f));
    assertThat(p.gradient()[0]).isEqualTo(4f);
  }

  @Test
  void adamFirstStepHasTheLearningRateAsItsSize() {
    Parameter big = parameter(false, 0f, 1000f);
    Parameter small = parameter(false, 0f, -1e-3f);
    new Adam(List.of(big, small), 0.01, 0).step(1);
    assertThat(big.value()[0]).isCloseTo(-0.01f, within(1e-6f));
    assertThat(small.value()[0]).isCloseTo(0.01f, within(1e-5f));
  }

  @Test
  void adamFollowsTheBiasCorrectedMoments() {
    Parameter p = parameter(false, 0f, 1f);
    Adam adam = new Adam(List.of(p), 0.1, 0);
    adam.step(1);
    p.gradient()[0] = 3f;
    adam.step(1);
    double m = 0.9 * 0.1 + 0.1 * 3;
    double v = 0.999 * 0.001 + 0.001 * 9;
    double mHat = m / (1 - 0.81);
    double vHat = v / (1 - 0.999 * 0.999);
    double second = -0.1 * mHat / (Math.sqrt(vHat) + 1e-8);
    assertThat((double) p.lastUpdate()[0]).isCloseTo(second, within(1e-6));
    assertThat((double) p.value()[0]).isCloseTo(-0.1 + second, within(1e-6));
  }

  @Test
  void clippingScalesOnlyWhenTheGlobalNormIsTooLarge() {
    Parameter a = parameter(true, 0f, 3f);
    Parameter b = parameter(false, 0f, 4f);
    assertThat(GradientClip.globalNorm(List.of(a, b))).isEqualTo(5.0);
    assertThat(GradientClip.scale(List.of(a, b), 10)).isEqualTo(1.0);
    assertThat(GradientClip.scale(List.of(a, b), 2.5)).isEqualTo(0.5);
    b.gradient()[0] = Float.NaN;
    assertThat(GradientClip.scale(List.of(a, b), 2.5)).isEqualTo(1.0);
  }

  @Test
  void aNewLearningRateAppliesFromTheNextStep() {
    Parameter p = parameter(false, 1f, 1f);
    Sgd sgd = new Sgd(List.of(p), 0.1, 0, 0);
    sgd.step(1);
    sgd.learningRate(0.01);
    sgd.step(1);
    assertThat(p.lastUpdate()[0]).isCloseTo(-0.01f, within(1e-7f));
    Parameter q = parameter(false, 1f, 1f);
    Adam adam = new Adam(List.of(q), 0.1, 0);
    adam.learningRate(0.5);
    adam.step(1);
    // The first bias-corrected Adam step is the rate times the gradient's sign.
    assertThat(q.lastUpdate()[0]).isCloseTo(-0.5f, within(1e-6f));
  }

  @Test
  void rejectsANegativeOrNonFiniteLearningRate() {
    Sgd sgd = new Sgd(List.of(parameter(false, 1f, 1f)), 0.1, 0, 0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sgd.learningRate(-1))
        .hasMessage("learningRate must be finite and >= 0, was -1.0");
    Adam adam = new Adam(List.of(parameter(false, 1f, 1f)), 0.1, 0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> adam.learningRate(Double.NaN))
        .hasMessage("learningRate must be finite and >= 0, was NaN");
  }
}
