package dev.neuronwatch.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.trainer.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {

  /** Exercises every source of randomness and every optional update feature. */
  private static final TrainingConfig EVERYTHING =
      TrainingConfig.builder()
          .hiddenLayers(2)
          .width(16)
          .activation(ActivationKind.PRELU)
          .dataset(DatasetKind.MOONS)
          .samples(400)
          .dropout(0.2)
          .weightDecay(1e-3)
          .gradientClip(0.5)
          .steps(300)
          .evalEvery(50)
          .build();

  @Test
  void sameSeedGivesABitIdenticalRun() {
    TrainingResult first = Trainer.train(EVERYTHING, null, null);
    TrainingResult second = Trainer.train(EVERYTHING, null, null);
    assertThat(second).isEqualTo(first);
    TrainingResult other = Trainer.train(EVERYTHING.toBuilder().seed(43).build(), null, null);
    assertThat(other.weightsChecksum()).isNotEqualTo(first.weightsChecksum());
  }

  @Test
  void watchingWithAnAgentChangesNothing() {
    TrainingResult alone = Trainer.train(EVERYTHING, null, null);
    RecordingAgent watched = RecordingAgent.train(EVERYTHING, 10);
    assertThat(watched.result()).isEqualTo(alone);
    assertThat(watched.samples()).hasSize(30);
  }

  @Test
  void agentSeesEveryLayerWithItsDepthKindAndStatistics() {
    List<StepSample> samples = RecordingAgent.train(EVERYTHING, 25).samples();
    assertThat(samples)
        .extracting(StepSample::step)
        .containsExactly(25L, 50L, 75L, 100L, 125L, 150L, 175L, 200L, 225L, 250L, 275L, 300L);
    StepSample sample = samples.get(0);
    assertThat(sample.loss()).isPositive();
    assertThat(sample.layers())
        .extracting(LayerSample::name)
        .containsExactly("dense_0", "dense_1", "output");
    assertThat(sample.layers()).extracting(LayerSample::depth).containsExactly(0, 1, 2);
    assertThat(sample.layers())
        .extracting(LayerSample::activation)
        .containsExactly(ActivationKind.PRELU, ActivationKind.PRELU, ActivationKind.SIGMOID);
    LayerSample hidden = sample.layers().get(0);
    assertThat(hidden.units()).isEqualTo(16);
    assertThat(hidden.output().count()).isEqualTo(64 * 16);
    assertThat(hidden.deadFraction()).as("PReLU units are never dead").isNull();
    assertThat(hidden.negativeFraction()).isNotNull();
    assertThat(hidden.gradient().weightNorm()).isPositive();
    assertThat(hidden.weightNorm()).isPositive();
    assertThat(hidden.updateRatio()).isPositive();
    assertThat(sample.layers().get(2).saturationFraction()).isNotNull();
    assertThat(hidden.alpha().mean()).isCloseTo(0.25, within(0.05)).isNotEqualTo(0.25);
    assertThat(hidden.alpha().min()).isLessThanOrEqualTo(hidden.alpha().mean());
    assertThat(sample.layers().get(2).alpha()).isNull();
  }

  @Test
  void aFrozenPreluLayerKeepsItsSlopesAndReportsAnUpdateOfZero() {
    TrainingConfig frozen = EVERYTHING.toBuilder().frozenLayer(0).steps(50).build();
    List<StepSample> samples = RecordingAgent.train(frozen, 10).samples();
    for (StepSample sample : samples) {
      LayerSample dense0 = sample.layers().get(0);
      assertThat(dense0.alpha().mean()).isEqualTo(0.25);
      assertThat(dense0.alpha().min()).isEqualTo(0.25);
      assertThat(dense0.updateRatio()).isZero();
      assertThat(sample.layers().get(1).updateRatio()).isPositive();
      assertThat(sample.layers().get(1).alpha().mean()).isNotEqualTo(0.25);
    }
  }

  @Test
  void followsTheLearningRateScheduleStepByStep() {
    // Plain SGD without momentum or decay: each step's update is exactly -rate * gradient.
    TrainingConfig cosine =
        TrainingConfig.builder()
            .hiddenLayers(1)
            .width(8)
            .dataset(DatasetKind.MOONS)
            .samples(200)
            .optimizer(OptimizerKind.SGD)
            .momentum(0)
            .learningRate(0.1)
            .lrSchedule(LearningRateSchedule.COSINE_RESTARTS)
            .lrPeriod(4)
            .steps(6)
            .build();
    List<Double> rates = new ArrayList<>();
    TrainingRun run =
        new TrainingRun(
            cosine,
            network ->
                (step, n, rows, loss) -> {
                  Parameter w = n.layers().get(0).weights();
                  int largest = 0;
                  for (int i = 1; i < w.size(); i++) {
                    if (Math.abs(w.gradient()[i]) > Math.abs(w.gradient()[largest])) {
                      largest = i;
                    }
                  }
                  rates.add((double) -w.lastUpdate()[largest] / w.gradient()[largest]);
                },
            null,
            50);
    run.run();
    double[] expected = {
      0.1,
      0.1 * (1 + Math.sqrt(0.5)) / 2,
      0.05,
      0.1 * (1 - Math.sqrt(0.5)) / 2,
      0.1,
      0.1 * (1 + Math.sqrt(0.5)) / 2
    };
    for (int i = 0; i < expected.length; i++) {
      assertThat(rates.get(i)).as("step %d", i + 1).isCloseTo(expected[i], within(1e-5));
    }
  }

  @Test
  void learnsSpirals() {
    TrainingResult result = Trainer.train(TrainingConfig.builder().steps(1500).build(), null, null);
    assertThat(result.finalAccuracy()).isGreaterThan(0.95);
    assertThat(result.validationAccuracy()).isGreaterThan(0.9);
    assertThat(result.diverged()).isFalse();
    assertThat(result.stoppedEarly()).isFalse();
  }

  @Test
  void solvesXor() {
    TrainingResult result =
        Trainer.train(
            TrainingConfig.builder().dataset(DatasetKind.XOR).samples(1000).steps(1500).build(),
            null,
            null);
    assertThat(result.finalAccuracy()).isGreaterThan(0.97);
  }

  @Test
  void fitsTheSineWellBelowItsStartingError() {
    TrainingConfig sine =
        TrainingConfig.builder()
            .dataset(DatasetKind.SINE)
            .activation(ActivationKind.TANH)
            .init(InitKind.XAVIER_NORMAL)
            .learningRate(0.01)
            .samples(1000)
            .build();
    TrainingResult start = Trainer.train(sine.toBuilder().steps(1).build(), null, null);
    TrainingResult end = Trainer.train(sine.toBuilder().steps(1500).build(), null, null);
    assertThat(start.finalLoss()).isGreaterThan(0.2);
    assertThat(end.finalLoss()).isLessThan(start.finalLoss() / 20);
    assertThat(end.finalAccuracy()).isNull();
    assertThat(end.validationLoss()).isLessThan(0.02);
  }

  @Test
  void learnsMultiLabelAndBlobsWithOtherActivations() {
    TrainingResult labels =
        Trainer.train(
            TrainingConfig.builder()
                .dataset(DatasetKind.MULTILABEL)
                .activation(ActivationKind.GELU)
                .samples(1000)
                .steps(1000)
                .build(),
            null,
            null);
    assertThat(labels.finalAccuracy()).isGreaterThan(0.95);
    TrainingResult blobs =
        Trainer.train(
            TrainingConfig.builder()
                .dataset(DatasetKind.BLOBS)
                .activation(ActivationKind.SWISH)
                .optimizer(OptimizerKind.SGD)
                .learningRate(0.05)
                .samples(1000)
                .steps(500)
                .build(),
            null,
            null);
    assertThat(blobs.finalAccuracy()).isGreaterThan(0.9);
  }

  @Test
  void reportsProgressEveryEvalEveryStepsAndAtTheEnd() {
    List<Progress> reports = new ArrayList<>();
    TrainingConfig config =
        TrainingConfig.builder().dataset(DatasetKind.MOONS).samples(200).steps(250).build();
    TrainingResult result = Trainer.train(config, null, reports::add);
    assertThat(reports).extracting(Progress::step).containsExactly(100L, 200L, 250L);
    Progress last = reports.get(2);
    assertThat(result.finalLoss()).isEqualTo(last.trainLoss());
    assertThat(result.validationAccuracy()).isEqualTo(last.validationAccuracy());
    assertThat(last.trainAccuracy()).isBetween(0.0, 1.0);
  }

  @Test
  void withoutAValidationSetValidationValuesAreAbsent() {
    TrainingResult result =
        Trainer.train(
            TrainingConfig.builder()
                .dataset(DatasetKind.MOONS)
                .samples(100)
                .validationFraction(0)
                .steps(20)
                .build(),
            null,
            null);
    assertThat(result.validationLoss()).isNull();
    assertThat(result.validationAccuracy()).isNull();
    assertThat(result.steps()).isEqualTo(20);
  }

  @Test
  void stopsEarlyWhenValidationLossStopsImproving() {
    // A large Adam step makes the validation loss plateau and jitter within a few hundred steps.
    TrainingConfig config =
        TrainingConfig.builder()
            .dataset(DatasetKind.BLOBS)
            .samples(400)
            .learningRate(0.05)
            .steps(5000)
            .evalEvery(20)
            .earlyStoppingPatience(3)
            .build();
    TrainingResult result = Trainer.train(config, null, null);
    assertThat(result.stoppedEarly()).isTrue();
    assertThat(result.steps()).isLessThan(5000).isGreaterThanOrEqualTo(80);
    assertThat(result.steps() % 20).isZero();
  }

  @Test
  void stopsFiftyStepsAfterTheLossTurnsNonFinite() {
    TrainingConfig exploding =
        TrainingConfig.builder()
            .hiddenLayers(1)
            .activation(ActivationKind.LINEAR)
            .init(InitKind.XAVIER_NORMAL)
            .optimizer(OptimizerKind.SGD)
            .learningRate(3)
            .momentum(0)
            .steps(1500)
            .build();
    List<Double> losses = new ArrayList<>();
    TrainingResult result = Trainer.train(exploding, null, p -> losses.add(p.trainLoss()));
    assertThat(result.diverged()).isTrue();
    assertThat(result.steps()).isLessThan(300);
    assertThat(result.finalLoss()).isNaN();

    List<StepSample> samples = RecordingAgent.train(exploding, 10).samples();
    long firstNonFinite =
        samples.stream().filter(StepSample::lossNonFinite).findFirst().orElseThrow().step();
    // Sampled every 10 steps, the first non-finite loss shows at most 9 steps late.
    assertThat(result.steps() - firstNonFinite).isBetween(40L, 49L);
    assertThat(samples.stream().filter(StepSample::lossNonFinite).count())
        .isGreaterThanOrEqualTo(5);
  }
}
