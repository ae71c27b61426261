package dev.neuronwatch.trainer;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.settings.Check;
import dev.neuronwatch.settings.InvalidSettingException;
import dev.neuronwatch.trainer.nn.Activation;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Everything that defines a training run; immutable, validated by its constructor ({@link
 * InvalidSettingException} names the first wrong setting), and together with the seed it fixes the
 * run bit for bit. Every default is a {@code DEFAULT_*} constant of this class; the activation's
 * alpha defaults by kind ({@link Activation#defaultAlpha}: leaky_relu 0.01, prelu initial slope
 * 0.25, elu 1.0).
 *
 * <p>The hidden layers all have {@code width} units and {@code activation}; the output layer's
 * activation follows from the dataset's loss (softmax, sigmoid or linear). The softmax temperature
 * applies wherever softmax is used, including the output layer.
 *
 * <p>{@code frozenLayer} reproduces a classic bug on purpose: hidden layer N's parameters are left
 * out of the optimiser, so the layer still computes and back-propagates but never changes.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder()
 *     .hiddenLayers(4).width(32).activation(ActivationKind.TANH)
 *     .optimizer(OptimizerKind.SGD).learningRate(0.05)
 *     .dataset(DatasetKind.MOONS).steps(1000)
 *     .build();
 * TrainingConfig longer = config.toBuilder().steps(5000).build();
 * }</pre>
 *
 * @param hiddenLayers hidden dense layers between input and output, 0 to {@value
 *     #MAX_HIDDEN_LAYERS}
 * @param width units per hidden layer, 1 to {@value #MAX_WIDTH}
 * @param alphaOverride the alpha set on the builder (leaky ReLU's slope, PReLU's initial slope or
 *     ELU's scale; non-negative), empty for the activation's default; see {@link
 *     #activationAlpha()}
 * @param initStd standard deviation of {@link InitKind#NORMAL}; positive
 * @param learningRate the base rate, positive; {@link #lrSchedule()} derives each step's rate
 * @param lrPeriod steps per cycle of {@link LearningRateSchedule#COSINE_RESTARTS}, at least 1
 * @param momentum SGD momentum in [0, 1)
 * @param frozenLayer the hidden layer left out of the optimiser (0 next to the input, below {@code
 *     hiddenLayers}): its weights, bias and PReLU slopes never change; empty when every layer
 *     trains
 * @param weightDecay L2 penalty on weights (not biases), non-negative
 * @param dropout inverted-dropout rate of the hidden layers while training, in [0, 1)
 * @param batchSize rows per step, at least 1; capped at the number of training rows
 * @param samples examples generated, 10 to {@value #MAX_SAMPLES}, before the validation split
 * @param validationFraction share of the examples held out for validation, in [0, 0.9]
 * @param earlyStoppingPatience evaluations without a new best validation loss before stopping; 0
 *     disables
 * @param evalEvery steps between evaluations (and progress reports), at least 1
 * @param gradientClip largest global gradient norm; 0 disables clipping
 */
public record TrainingConfig(
    int hiddenLayers,
    int width,
    ActivationKind activation,
    OptionalDouble alphaOverride,
    double softmaxTemperature,
    InitKind init,
    double initStd,
    double biasInit,
    OptimizerKind optimizer,
    double learningRate,
    LearningRateSchedule lrSchedule,
    int lrPeriod,
    double momentum,
    OptionalInt frozenLayer,
    double weightDecay,
    double dropout,
    int batchSize,
    int steps,
    DatasetKind dataset,
    int samples,
    double validationFraction,
    int earlyStoppingPatience,
    int evalEvery,
    double gradientClip,
    long seed) {

  /** The most hidden layers; a push carries at most 1024 layers per step. */
  public static final int MAX_HIDDEN_LAYERS = 1000;

  public static final int MAX_WIDTH = 4096;
  public static final int MAX_SAMPLES = 1_000_000;

  public static final int DEFAULT_HIDDEN_LAYERS = 3;
  public static final int DEFAULT_WIDTH = 64;
  public static final ActivationKind DEFAULT_ACTIVATION = ActivationKind.RELU;
  public static final double DEFAULT_SOFTMAX_TEMPERATURE = 1.0;
  public static final InitKind DEFAULT_INIT = InitKind.HE_NORMAL;
  public static final double DEFAULT_INIT_STD = 0.01;
  public static final double DEFAULT_BIAS_INIT = 0;
  public static final OptimizerKind DEFAULT_OPTIMIZER = OptimizerKind.ADAM;
  public static final double DEFAULT_LEARNING_RATE = 1e-3;
  public static final LearningRateSchedule DEFAULT_LR_SCHEDULE = LearningRateSchedule.CONSTANT;
  public static final int DEFAULT_LR_PERIOD = 500;
  public static final double DEFAULT_MOMENTUM = 0.9;
  public static final double DEFAULT_WEIGHT_DECAY = 0;
  public static final double DEFAULT_DROPOUT = 0;
  public static final int DEFAULT_BATCH_SIZE = 64;
  public static final int DEFAULT_STEPS = 2000;
  public static final DatasetKind DEFAULT_DATASET = DatasetKind.SPIRALS;
  public static final int DEFAULT_SAMPLES = 2000;
  public static final double DEFAULT_VALIDATION_FRACTION = 0.2;
  public static final int DEFAULT_EARLY_STOPPING_PATIENCE = 0;
  public static final int DEFAULT_EVAL_EVERY = 100;
  public static final double DEFAULT_GRADIENT_CLIP = 0;
  public static final long DEFAULT_SEED = 42;

  /**
   * @throws InvalidSettingException naming the first setting with a bad value
   */
  public TrainingConfig {
    Check.closed("hiddenLayers", hiddenLayers, 0, MAX_HIDDEN_LAYERS);
    Check.closed("width", width, 1, MAX_WIDTH);
    Check.required("activation", activation);
    Check.required("alphaOverride", alphaOverride)
        .ifPresent(alpha -> Check.atLeast("activationAlpha", alpha, 0));
    Check.positive("softmaxTemperature", softmaxTemperature);
    Check.required("init", init);
    Check.positive("initStd", initStd);
    Check.finite("biasInit", biasInit);
    Check.required("optimizer", optimizer);
    Check.positive("learningRate", learningRate);
    Check.required("lrSchedule", lrSchedule);
    Check.atLeast("lrPeriod", lrPeriod, 1);
    Check.halfOpen("momentum", momentum, 0, 1);
    if (Check.required("frozenLayer", frozenLayer).isPresent()) {
      int layer = frozenLayer.getAsInt();
      if (hiddenLayers == 0) {
        throw new InvalidSettingException(
            "frozenLayer", "needs a hidden layer, but hiddenLayers is 0, was " + layer);
      }
      Check.closed("frozenLayer", layer, 0, hiddenLayers - 1L);
    }
    Check.atLeast("weightDecay", weightDecay, 0);
    Check.halfOpen("dropout", dropout, 0, 1);
    Check.closed("batchSize", batchSize, 1, MAX_SAMPLES);
    Check.atLeast("steps", steps, 1);
    Check.required("dataset", dataset);
    Check.closed("samples", samples, 10, MAX_SAMPLES);
    Check.closed("validationFraction", validationFraction, 0, 0.9);
    Check.atLeast("earlyStoppingPatience", earlyStoppingPatience, 0);
    if (earlyStoppingPatience > 0 && Math.round(samples * validationFraction) == 0) {
      throw new InvalidSettingException(
          "earlyStoppingPatience",
          "needs a validation set, but validationFraction "
              + validationFraction
              + " of "
              + samples
              + " samples holds none");
    }
    Check.atLeast("evalEvery", evalEvery, 1);
    Check.atLeast("gradientClip", gradientClip, 0);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's values; an unset alpha stays unset. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.hiddenLayers = hiddenLayers;
    b.width = width;
    b.activation = activation;
    b.alphaOverride = alphaOverride;
    b.softmaxTemperature = softmaxTemperature;
    b.init = init;
    b.initStd = initStd;
    b.biasInit = biasInit;
    b.optimizer = optimizer;
    b.learningRate = learningRate;
    b.lrSchedule = lrSchedule;
    b.lrPeriod = lrPeriod;
    b.momentum = momentum;
    b.frozenLayer = frozenLayer;
    b.weightDecay = weightDecay;
    b.dropout = dropout;
    b.batchSize = batchSize;
    b.steps = steps;
    b.dataset = dataset;
    b.samples = samples;
    b.validationFraction = validationFraction;
    b.earlyStoppingPatience = earlyStoppingPatience;
    b.evalEvery = evalEvery;
    b.gradientClip = gradientClip;
    b.seed = seed;
    return b;
  }

  /** The alpha set on the builder, else the activation's default ({@link Activation}). */
  public double activationAlpha() {
    return alphaOverride.orElse(Activation.defaultAlpha(activation));
  }

  @Override
  public String toString() {
    return "TrainingConfig{hiddenLayers="
        + hiddenLayers
        + ", width="
        + width
        + ", activation="
        + activation.wireName()
        + ", activationAlpha="
        + (alphaOverride.isPresent() ? String.valueOf(alphaOverride.getAsDouble()) : "default")
        + ", softmaxTemperature="
        + softmaxTemperature
        + ", init="
        + init.cliName()
        + ", initStd="
        + initStd
        + ", biasInit="
        + biasInit
        + ", optimizer="
        + optimizer.cliName()
        + ", learningRate="
        + learningRate
        + ", lrSchedule="
        + lrSchedule.cliName()
        + ", lrPeriod="
        + lrPeriod
        + ", momentum="
        + momentum
        + ", frozenLayer="
        + (frozenLayer.isPresent() ? String.valueOf(frozenLayer.getAsInt()) : "none")
        + ", weightDecay="
        + weightDecay
        + ", dropout="
        + dropout
        + ", batchSize="
        + batchSize
        + ", steps="
        + steps
        + ", dataset="
        + dataset.cliName()
        + ", samples="
        + samples
        + ", validationFraction="
        + validationFraction
        + ", earlyStoppingPatience="
        + earlyStoppingPatience
        + ", evalEvery="
        + evalEvery
        + ", gradientClip="
        + gradientClip
        + ", seed="
        + seed
        + "}";
  }

  /**
   * Collects values, starting from the defaults; {@link #build()} validates them. Each setting is
   * described on {@link TrainingConfig}.
   */
  public static final class Builder {
    private int hiddenLayers = DEFAULT_HIDDEN_LAYERS;
    private int width = DEFAULT_WIDTH;
    private ActivationKind activation = DEFAULT_ACTIVATION;
    private OptionalDouble alphaOverride = OptionalDouble.empty();
    private double softmaxTemperature = DEFAULT_SOFTMAX_TEMPERATURE;
    private InitKind init = DEFAULT_INIT;
    private double initStd = DEFAULT_INIT_STD;
    private double biasInit = DEFAULT_BIAS_INIT;
    private OptimizerKind optimizer = DEFAULT_OPTIMIZER;
    private double learningRate = DEFAULT_LEARNING_RATE;
    private LearningRateSchedule lrSchedule = DEFAULT_LR_SCHEDULE;
    private int lrPeriod = DEFAULT_LR_PERIOD;
    private double momentum = DEFAULT_MOMENTUM;
    private OptionalInt frozenLayer = OptionalInt.empty();
    private double weightDecay = DEFAULT_WEIGHT_DECAY;
    private double dropout = DEFAULT_DROPOUT;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int steps = DEFAULT_STEPS;
    private DatasetKind dataset = DEFAULT_DATASET;
    private int samples = DEFAULT_SAMPLES;
    private double validationFraction = DEFAULT_VALIDATION_FRACTION;
    private int earlyStoppingPatience = DEFAULT_EARLY_STOPPING_PATIENCE;
    private int evalEvery = DEFAULT_EVAL_EVERY;
    private double gradientClip = DEFAULT_GRADIENT_CLIP;
    private long seed = DEFAULT_SEED;

    private Builder() {}

    public Builder hiddenLayers(int hiddenLayers) {
      this.hiddenLayers = hiddenLayers;
      return this;
    }

    public Builder width(int width) {
      this.width = width;
      return this;
    }

    public Builder activation(ActivationKind activation) {
      this.activation = activation;
      return this;
    }

    public Builder activationAlpha(double activationAlpha) {
      this.alphaOverride = OptionalDouble.of(activationAlpha);
      return this;
    }

    public Builder softmaxTemperature(double softmaxTemperature) {
      this.softmaxTemperature = softmaxTemperature;
      return this;
    }

    public Builder init(InitKind init) {
      this.init = init;
      return this;
    }

    public Builder initStd(double initStd) {
      this.initStd = initStd;
      return this;
    }

    public Builder biasInit(double biasInit) {
      this.biasInit = biasInit;
      return this;
    }

    public Builder optimizer(OptimizerKind optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    public Builder lrSchedule(LearningRateSchedule lrSchedule) {
      this.lrSchedule = lrSchedule;
      return this;
    }

    public Builder lrPeriod(int lrPeriod) {
      this.lrPeriod = lrPeriod;
      return this;
    }

    public Builder frozenLayer(int layer) {
      this.frozenLayer = OptionalInt.of(layer);
      return this;
    }

    /** Every layer is trained (the default). */
    public Builder noFrozenLayer() {
      this.frozenLayer = OptionalInt.empty();
      return this;
    }

    public Builder momentum(double momentum) {
      this.momentum = momentum;
      return this;
    }

    public Builder weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    public Builder dropout(double dropout) {
      this.dropout = dropout;
      return this;
    }

    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder steps(int steps) {
      this.steps = steps;
      return this;
    }

    public Builder dataset(DatasetKind dataset) {
      this.dataset = dataset;
      return this;
    }

    public Builder samples(int samples) {
      this.samples = samples;
      return this;
    }

    public Builder validationFraction(double validationFraction) {
      this.validationFraction = validationFraction;
      return this;
    }

    public Builder earlyStoppingPatience(int earlyStoppingPatience) {
      this.earlyStoppingPatience = earlyStoppingPatience;
      return this;
    }

    public Builder evalEvery(int evalEvery) {
      this.evalEvery = evalEvery;
      return this;
    }

    public Builder gradientClip(double gradientClip) {
      this.gradientClip = gradientClip;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * @throws InvalidSettingException naming the first setting with a bad value
     */
    public TrainingConfig build() {
      return new TrainingConfig(
          hiddenLayers,
          width,
          activation,
          alphaOverride,
          softmaxTemperature,
          init,
          initStd,
          biasInit,
          optimizer,
          learningRate,
          lrSchedule,
          lrPeriod,
          momentum,
          frozenLayer,
          weightDecay,
          dropout,
          batchSize,
          steps,
          dataset,
          samples,
          validationFraction,
          earlyStoppingPatience,
          evalEvery,
          gradientClip,
          seed);
    }
  }
}
