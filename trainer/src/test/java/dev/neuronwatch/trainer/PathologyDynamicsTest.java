package dev.neuronwatch.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.trainer.nn.Dense;
import dev.neuronwatch.trainer.nn.Parameter;
import dev.neuronwatch.trainer.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dynamics behind the newer presets, measured from the network itself rather than from what an
 * agent reports: the loss spike of a warm restart, the frozen layer of a parameter left out of the
 * optimiser, and the two papers' deep nets that stall under SGD.
 */
class PathologyDynamicsTest {
  private static final double CHANCE_LOSS = Math.log(3);

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {42, 1, 2})
  void warmRestartThrowsTheConvergedNetIntoALossSpikeItRecoversFrom(long seed) {
    NetworkTrace trace =
        NetworkTrace.train(Scenario.LOSS_SPIKE.config().toBuilder().seed(seed).build());

    double before = trace.medianLoss(373, 500); // the 128 steps before the restart
    assertThat(before).as("converged before the restart").isLessThan(0.02);
    assertThat(trace.firstStepAbove(501, 10 * before))
        .as("ten times the recent median soon after the restart at step 501")
        .isBetween(501, 520);
    assertThat(trace.maxLoss(501, 600))
        .as("the spike: far above the recent median, above the untrained net's loss")
        .isGreaterThan(100 * before)
        .isGreaterThan(CHANCE_LOSS);
    assertThat(trace.maxLoss(1, 500)).as("no such loss late in the first cycle").isLessThan(10);
    assertThat(trace.allLossesFinite()).as("a spike, not a divergence").isTrue();
    assertThat(trace.medianLoss(951, 1000))
        .as("recovered by the end of the cycle")
        .isLessThan(0.05);
    assertThat(trace.result().finalAccuracy()).isGreaterThan(0.95);
  }

  @Test
  void theFrozenLayerKeepsItsInitialWeightsBitForBitWhileTheOthersLearn() {
    TrainingConfig config = Scenario.FROZEN_LAYER.config().toBuilder().steps(300).build();
    TrainingRun untrained = new TrainingRun(config, n -> StepObserver.NONE, null, 50);
    List<float[]> initial = new ArrayList<>();
    untrained.network().parameters().forEach(p -> initial.add(p.value().clone()));

    NetworkTrace trace = NetworkTrace.train(config);

    List<Dense> layers = trace.network().layers();
    List<Parameter> all = trace.network().parameters();
    for (int p = 0; p < all.size(); p++) {
      Parameter parameter = all.get(p);
      boolean frozen = layers.get(1).parameters().contains(parameter);
      if (frozen) {
        assertThat(parameter.value()).as(parameter.name()).containsExactly(initial.get(p));
        assertThat(parameter.lastUpdate()).as(parameter.name()).containsOnly(0f);
        assertThat(NetworkTrace.norm(parameter.gradient()))
            .as("its gradient is still computed")
            .isPositive();
      } else {
        assertThat(parameter.value()).as(parameter.name()).isNotEqualTo(initial.get(p));
      }
    }
    assertThat(trace.result().finalLoss()).isLessThan(0.5 * CHANCE_LOSS);
  }

  @Test
  void theAgentSeesAnUpdateOfExactlyZeroOnTheFrozenLayerOnly() {
    TrainingConfig config = Scenario.FROZEN_LAYER.config().toBuilder().steps(200).build();
    List<StepSample> samples = RecordingAgent.train(config, 10).samples();

    assertThat(samples).hasSize(20);
    for (StepSample sample : samples) {
      for (LayerSample layer : sample.layers()) {
        if (layer.name().equals("dense_1")) {
          assertThat(layer.updateRatio()).as("dense_1 at %d", sample.step()).isZero();
        } else {
          assertThat(layer.updateRatio())
              .as("%s at %d", layer.name(), sample.step())
              .isGreaterThan(1e-8);
        }
      }
    }
  }

  @Test
  void aThirtyLayerReluNetWithXavierInitStallsUnderSgdWhereHeInitLearns() {
    TrainingConfig xavier = Scenario.DEEP_RELU_XAVIER.config().toBuilder().steps(200).build();
    NetworkTrace stalled = NetworkTrace.train(xavier);
    NetworkTrace he = NetworkTrace.train(xavier.toBuilder().init(InitKind.HE_NORMAL).build());

    assertThat(stalled.medianDepthRatio(51, 200))
        .as("dense_0's weight gradient against the output layer's")
        .isLessThan(1e-3);
    assertThat(stalled.result().finalLoss())
        .as("stays at chance")
        .isGreaterThan(0.99 * CHANCE_LOSS);
    assertThat(he.medianDepthRatio(51, 200)).isGreaterThan(1e-2);
    assertThat(he.result().finalLoss()).as("learns").isLessThan(0.5 * CHANCE_LOSS);
  }

  @Test
  void aSigmoidNetWithTheStandardSmallInitStallsUnderSgdButNotUnderAdam() {
    TrainingConfig sgd = Scenario.SMALL_INIT_SIGMOID.config().toBuilder().steps(600).build();
    NetworkTrace stalled = NetworkTrace.train(sgd);
    NetworkTrace adam =
        NetworkTrace.train(
            sgd.toBuilder().optimizer(OptimizerKind.ADAM).learningRate(1e-3).build());

    assertThat(stalled.medianDepthRatio(51, 600)).isLessThan(1e-3);
    assertThat(stalled.result().finalLoss()).isGreaterThan(0.99 * CHANCE_LOSS);
    assertThat(stalled.result().finalAccuracy()).isLessThan(0.4);
    assertThat(adam.medianDepthRatio(51, 600)).isGreaterThan(1e-3);
    assertThat(adam.result().finalLoss()).isLessThan(0.85 * CHANCE_LOSS);
  }
}
