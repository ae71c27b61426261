package dev.neuronwatch.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.trainer.scenario.Scenario;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Prints the figures the README quotes for the newer presets and the fast divergences, over several
 * seeds. Off by default (several minutes on two cores); run with
 *
 * <pre>{@code
 * ./mvnw -B -pl trainer -am verify -Dtest=ScenarioFiguresTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dneuronwatch.figures=true
 * }</pre>
 */
@EnabledIfSystemProperty(named = "neuronwatch.figures", matches = "true")
class ScenarioFiguresTest {
  private static final long[] SEEDS = {42, 1, 2, 3, 4};

  @Test
  void printsTheFigures() {
    StringBuilder out = new StringBuilder();
    lossSpike(out);
    paper(out, Scenario.DEEP_RELU_XAVIER, "he-normal init", b -> b.init(InitKind.HE_NORMAL));
    paper(
        out,
        Scenario.DEEP_RELU_XAVIER,
        "adam 1e-3",
        b -> b.optimizer(OptimizerKind.ADAM).learningRate(1e-3));
    paper(
        out,
        Scenario.SMALL_INIT_SIGMOID,
        "adam 1e-3",
        b -> b.optimizer(OptimizerKind.ADAM).learningRate(1e-3));
    frozen(out);
    fastDivergence(out, ActivationKind.PRELU, 8, 64);
    fastDivergence(out, ActivationKind.ELU, 4, 128);
    fastDivergence(out, ActivationKind.LEAKY_RELU, 8, 256);
    System.out.println(out);
    assertThat(out).isNotEmpty();
  }

  private static void lossSpike(StringBuilder out) {
    out.append("loss-spike (restart at step 501)\n");
    for (long seed : SEEDS) {
      NetworkTrace t =
          NetworkTrace.train(Scenario.LOSS_SPIKE.config().toBuilder().seed(seed).build());
      double before = t.medianLoss(373, 500);
      int peakStep = 501;
      for (int s = 501; s <= 600; s++) {
        peakStep = t.loss(s) > t.loss(peakStep) ? s : peakStep;
      }
      int recovered = -1;
      for (int s = peakStep + 20; s <= 1000; s++) {
        if (t.medianLoss(s - 19, s) < 0.1) {
          recovered = s;
          break;
        }
      }
      out.append(
          String.format(
              Locale.ROOT,
              "  seed %d: median of steps 373-500 %.4f; first loss > 10x it at step %d; peak %.3g"
                  + " (%.0fx) at step %d; 20-step median < 0.1 again at step %d; all finite %s;"
                  + " median of steps 951-1000 %.4f; final accuracy %.3f%n",
              seed,
              before,
              t.firstStepAbove(501, 10 * before),
              t.loss(peakStep),
              t.loss(peakStep) / before,
              peakStep,
              recovered,
              t.allLossesFinite(),
              t.medianLoss(951, 1000),
              t.result().finalAccuracy()));
    }
  }

  private static void paper(
      StringBuilder out,
      Scenario scenario,
      String contrast,
      java.util.function.UnaryOperator<TrainingConfig.Builder> change) {
    out.append(scenario.cliName()).append(" as preset vs ").append(contrast).append('\n');
    int steps = scenario.config().steps();
    for (long seed : SEEDS) {
      TrainingConfig preset = scenario.config().toBuilder().seed(seed).build();
      NetworkTrace failing = NetworkTrace.train(preset);
      NetworkTrace other = NetworkTrace.train(change.apply(preset.toBuilder()).build());
      out.append(
          String.format(
              Locale.ROOT,
              "  seed %d: preset loss %.4f accuracy %.3f, dense_0/output gradient median %.2g |"
                  + " %s loss %.4f accuracy %.3f, ratio %.2g%n",
              seed,
              failing.result().finalLoss(),
              failing.result().finalAccuracy(),
              failing.medianDepthRatio(51, steps),
              contrast,
              other.result().finalLoss(),
              other.result().finalAccuracy(),
              other.medianDepthRatio(51, steps)));
    }
  }

  private static void frozen(StringBuilder out) {
    out.append("frozen-layer\n");
    for (long seed : SEEDS) {
      NetworkTrace t =
          NetworkTrace.train(Scenario.FROZEN_LAYER.config().toBuilder().seed(seed).build());
      out.append(
          String.format(
              Locale.ROOT,
              "  seed %d: final loss %.4f accuracy %.3f%n",
              seed,
              t.result().finalLoss(),
              t.result().finalAccuracy()));
    }
  }

  private static void fastDivergence(
      StringBuilder out, ActivationKind activation, int layers, int width) {
    out.append(
        String.format(
            Locale.ROOT,
            "--activation %s --layers %d --width %d --optimizer sgd --lr 0.3 (momentum 0.9):"
                + " first non-finite loss at step",
            activation.wireName(),
            layers,
            width));
    for (long seed : SEEDS) {
      TrainingConfig config =
          Scenario.HEALTHY.config().toBuilder()
              .activation(activation)
              .hiddenLayers(layers)
              .width(width)
              .optimizer(OptimizerKind.SGD)
              .learningRate(0.3)
              .seed(seed)
              .build();
      NetworkTrace t = NetworkTrace.train(config);
      out.append(String.format(Locale.ROOT, " %d (seed %d)", t.firstNonFiniteStep(), seed));
    }
    out.append('\n');
  }
}
