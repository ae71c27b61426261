package dev.neuronwatch.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.settings.InvalidSettingException;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrainingConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    TrainingConfig c = TrainingConfig.builder().build();
    assertThat(c.hiddenLayers()).isEqualTo(3);
    assertThat(c.width()).isEqualTo(64);
    assertThat(c.activation()).isEqualTo(ActivationKind.RELU);
    assertThat(c.softmaxTemperature()).isEqualTo(1.0);
    assertThat(c.init()).isEqualTo(InitKind.HE_NORMAL);
    assertThat(c.initStd()).isEqualTo(0.01);
    assertThat(c.biasInit()).isEqualTo(0.0);
    assertThat(c.optimizer()).isEqualTo(OptimizerKind.ADAM);
    assertThat(c.learningRate()).isEqualTo(1e-3);
    assertThat(c.lrSchedule()).isEqualTo(LearningRateSchedule.CONSTANT);
    assertThat(c.lrPeriod()).isEqualTo(500);
    assertThat(c.momentum()).isEqualTo(0.9);
    assertThat(c.frozenLayer()).isEmpty();
    assertThat(c.weightDecay()).isEqualTo(0.0);
    assertThat(c.dropout()).isEqualTo(0.0);
    assertThat(c.batchSize()).isEqualTo(64);
    assertThat(c.steps()).isEqualTo(2000);
    assertThat(c.dataset()).isEqualTo(DatasetKind.SPIRALS);
    assertThat(c.samples()).isEqualTo(2000);
    assertThat(c.validationFraction()).isEqualTo(0.2);
    assertThat(c.earlyStoppingPatience()).isZero();
    assertThat(c.evalEvery()).isEqualTo(100);
    assertThat(c.gradientClip()).isEqualTo(0.0);
    assertThat(c.seed()).isEqualTo(42L);
  }

  @Test
  void defaultsAreTheNamedConstants() {
    TrainingConfig c = TrainingConfig.builder().build();
    assertThat(c.hiddenLayers()).isEqualTo(TrainingConfig.DEFAULT_HIDDEN_LAYERS);
    assertThat(c.learningRate()).isEqualTo(TrainingConfig.DEFAULT_LEARNING_RATE);
    assertThat(c.steps()).isEqualTo(TrainingConfig.DEFAULT_STEPS);
    assertThat(c.seed()).isEqualTo(TrainingConfig.DEFAULT_SEED);
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }

  @Test
  void alphaDefaultsFollowTheActivationUntilSet() {
    TrainingConfig leaky = TrainingConfig.builder().activation(ActivationKind.LEAKY_RELU).build();
    assertThat(leaky.activationAlpha()).isEqualTo(0.01);
    TrainingConfig elu = leaky.toBuilder().activation(ActivationKind.ELU).build();
    assertThat(elu.activationAlpha()).isEqualTo(1.0);
    assertThat(elu.toBuilder().activation(ActivationKind.PRELU).build().activationAlpha())
        .isEqualTo(0.25);
    assertThat(elu.toBuilder().activationAlpha(0.2).build().activationAlpha()).isEqualTo(0.2);
  }

  @Test
  void toBuilderKeepsEveryValue() {
    TrainingConfig c =
        TrainingConfig.builder()
            .hiddenLayers(2)
            .width(8)
            .activation(ActivationKind.GELU)
            .activationAlpha(0.3)
            .softmaxTemperature(2)
            .init(InitKind.XAVIER_UNIFORM)
            .initStd(0.5)
            .biasInit(0.1)
            .optimizer(OptimizerKind.SGD)
            .learningRate(0.2)
            .momentum(0.5)
            .weightDecay(1e-4)
            .lrSchedule(LearningRateSchedule.COSINE_RESTARTS)
            .lrPeriod(7)
            .frozenLayer(1)
            .dropout(0.1)
            .batchSize(16)
            .steps(10)
            .dataset(DatasetKind.XOR)
            .samples(100)
            .validationFraction(0.3)
            .earlyStoppingPatience(2)
            .evalEvery(5)
            .gradientClip(1)
            .seed(7)
            .build();
    assertThat(c.toBuilder().build().toString()).isEqualTo(c.toString());
    assertThat(c.toString())
        .contains("activation=gelu", "init=xavier-uniform", "dataset=xor")
        .contains("lrSchedule=cosine-restarts", "lrPeriod=7", "frozenLayer=1");
    assertThat(c.frozenLayer()).hasValue(1);
    assertThat(c.toBuilder().noFrozenLayer().build().frozenLayer()).isEmpty();
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        bad(b -> b.width(0), "width must be in [1, 4096], was 0"),
        bad(b -> b.width(5000), "width must be in [1, 4096], was 5000"),
        bad(b -> b.hiddenLayers(-1), "hiddenLayers must be in [0, 1000], was -1"),
        bad(b -> b.activation(null), "activation is required"),
        bad(b -> b.activationAlpha(-0.1), "activationAlpha must be at least 0, was -0.1"),
        bad(b -> b.softmaxTemperature(0), "softmaxTemperature must be a positive number, was 0.0"),
        bad(b -> b.init(null), "init is required"),
        bad(b -> b.initStd(Double.NaN), "initStd must be a finite number, was NaN"),
        bad(b -> b.biasInit(Double.POSITIVE_INFINITY), "biasInit must be a finite number"),
        bad(b -> b.optimizer(null), "optimizer is required"),
        bad(b -> b.learningRate(0), "learningRate must be a positive number, was 0.0"),
        bad(b -> b.momentum(1), "momentum must be in [0, 1), was 1.0"),
        bad(b -> b.lrSchedule(null), "lrSchedule is required"),
        bad(b -> b.lrPeriod(0), "lrPeriod must be at least 1, was 0"),
        bad(b -> b.frozenLayer(3), "frozenLayer must be in [0, 2], was 3"),
        bad(b -> b.frozenLayer(-1), "frozenLayer must be in [0, 2], was -1"),
        bad(b -> b.hiddenLayers(0).frozenLayer(0), "frozenLayer needs a hidden layer"),
        bad(b -> b.weightDecay(-1), "weightDecay must be at least 0, was -1.0"),
        bad(b -> b.dropout(-0.5), "dropout must be in [0, 1), was -0.5"),
        bad(b -> b.batchSize(0), "batchSize must be in [1, 1000000], was 0"),
        bad(b -> b.steps(0), "steps must be at least 1, was 0"),
        bad(b -> b.dataset(null), "dataset is required"),
        bad(b -> b.samples(9), "samples must be in [10, 1000000], was 9"),
        bad(b -> b.validationFraction(0.95), "validationFraction must be in [0, 0.9], was 0.95"),
        bad(b -> b.earlyStoppingPatience(-2), "earlyStoppingPatience must be at least 0, was -2"),
        bad(
            b -> b.earlyStoppingPatience(3).validationFraction(0),
            "earlyStoppingPatience needs a validation set"),
        bad(b -> b.evalEvery(0), "evalEvery must be at least 1, was 0"),
        bad(b -> b.gradientClip(-1), "gradientClip must be at least 0, was -1.0"));
  }

  private static Arguments bad(UnaryOperator<TrainingConfig.Builder> change, String message) {
    return Arguments.of(change, message);
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void buildRejectsBadValuesNamingTheField(
      UnaryOperator<TrainingConfig.Builder> change, String message) {
    assertThatThrownBy(() -> change.apply(TrainingConfig.builder()).build())
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void namesParseInCommandLineSpelling() {
    assertThat(InitKind.fromName("he-normal")).isEqualTo(InitKind.HE_NORMAL);
    assertThat(InitKind.fromName("XAVIER_UNIFORM")).isEqualTo(InitKind.XAVIER_UNIFORM);
    assertThat(InitKind.NORMAL.cliName()).isEqualTo("normal");
    assertThat(OptimizerKind.fromName("Adam")).isEqualTo(OptimizerKind.ADAM);
    assertThat(DatasetKind.fromName("multi-label")).isEqualTo(DatasetKind.MULTILABEL);
    assertThat(DatasetKind.fromName("multilabel")).isEqualTo(DatasetKind.MULTILABEL);
    assertThat(DatasetKind.MULTILABEL.cliName()).isEqualTo("multi-label");
    assertThatThrownBy(() -> DatasetKind.fromName("mnist"))
        .hasMessage(
            "unknown dataset 'mnist', expected one of "
                + "spirals, moons, blobs, xor, sine, multi-label");
    assertThatThrownBy(() -> InitKind.fromName(null))
        .hasMessageContaining(
            "he-normal, he-uniform, xavier-normal, xavier-uniform, standard-uniform, zero, normal");
    assertThat(LearningRateSchedule.fromName("Cosine_Restarts"))
        .isEqualTo(LearningRateSchedule.COSINE_RESTARTS);
    assertThatThrownBy(() -> LearningRateSchedule.fromName("step"))
        .hasMessage("unknown lr schedule 'step', expected one of constant, cosine-restarts");
    assertThatThrownBy(() -> OptimizerKind.fromName("rmsprop")).hasMessageContaining("sgd, adam");
  }
}
