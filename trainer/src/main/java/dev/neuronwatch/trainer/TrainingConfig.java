package dev.neuronwatch.trainer;

import dev.neuronwatch.model.ActivationKind;
import dev.neuronwatch.trainer.nn.Activation;
import java.util.OptionalInt;

/**
 * Everything that defines a training run; immutable, and together with the seed it fixes the run
 * bit for bit.
 *
 * <p>Defaults: {@code hiddenLayers} 3, {@code width} 64, {@code activation} relu, {@code
 * activationAlpha} kind-specific (leaky_relu 0.01, prelu initial slope 0.25, elu 1.0), {@code
 * softmaxTemperature} 1.0, {@code init} he-normal, {@code initStd} 0.01 (used by {@code normal}),
 * {@code biasInit} 0, {@code optimizer} adam, {@code learningRate} 1e-3, {@code lrSchedule}
 * constant, {@code lrPeriod} 500 (cosine-restarts only), {@code momentum} 0.9 (SGD only), {@code
 * frozenLayer} none, {@code weightDecay} 0, {@code dropout} 0, {@code batchSize} 64, {@code
 * steps} 2000, {@code dataset} spirals, {@code samples} 2000, {@code validationFraction} 0.2, {@code
 * earlyStoppingPatience} 0 (off), {@code evalEvery} 100, {@code gradientClip} 0 (off), {@code
 * seed} 42.
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
 */
public final class TrainingConfig {
  /** The most hidden layers; a push carries at most 1024 layers per step. */
  public static final int MAX_HIDDEN_LAYERS = 1000;

  public static final int MAX_WIDTH = 4096;
  public static final int MAX_SAMPLES = 1_000_000;

  private final int hiddenLayers;
  private final int width;
  private final ActivationKind activation;
  private final Double activationAlpha;
  private final double softmaxTemperature;
  private final InitKind init;
  private final double initStd;
  private final double biasInit;
  private final OptimizerKind optimizer;
  private final double learningRate;
  private final LearningRateSchedule lrSchedule;
  private final int lrPeriod;
  private final double momentum;
  private final Integer frozenLayer;
  private final double weightDecay;
  private final double dropout;
  private final int batchSize;
  private final int steps;
  private final DatasetKind dataset;
  private final int samples;
  private final double validationFraction;
  private final int earlyStoppingPatience;
  private final int evalEvery;
  private final double gradientClip;
  private final long seed;

  private TrainingConfig(Builder b) {
    this.hiddenLayers = b.hiddenLayers;
    this.width = b.width;
    this.activation = b.activation;
    this.activationAlpha = b.activationAlpha;
    this.softmaxTemperature = b.softmaxTemperature;
    this.init = b.init;
    this.initStd = b.initStd;
    this.biasInit = b.biasInit;
    this.optimizer = b.optimizer;
    this.learningRate = b.learningRate;
    this.lrSchedule = b.lrSchedule;
    this.lrPeriod = b.lrPeriod;
    this.momentum = b.momentum;
    this.frozenLayer = b.frozenLayer;
    this.weightDecay = b.weightDecay;
    this.dropout = b.dropout;
    this.batchSize = b.batchSize;
    this.steps = b.steps;
    this.dataset = b.dataset;
    this.samples = b.samples;
    this.validationFraction = b.validationFraction;
    this.earlyStoppingPatience = b.earlyStoppingPatience;
    this.evalEvery = b.evalEvery;
    this.gradientClip = b.gradientClip;
    this.seed = b.seed;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's values; an unset alpha stays unset. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  public int hiddenLayers() {
    return hiddenLayers;
  }

  public int width() {
    return width;
  }

  public ActivationKind activation() {
    return activation;
  }

  /** The alpha set on the builder, else the activation's default ({@link Activation}). */
  public double activationAlpha() {
    return activationAlpha != null ? activationAlpha : Activation.defaultAlpha(activation);
  }

  public double softmaxTemperature() {
    return softmaxTemperature;
  }

  public InitKind init() {
    return init;
  }

  public double initStd() {
    return initStd;
  }

  public double biasInit() {
    return biasInit;
  }

  public OptimizerKind optimizer() {
    return optimizer;
  }

  /** The base rate; {@link #lrSchedule()} derives each step's rate from it. */
  public double learningRate() {
    return learningRate;
  }

  public LearningRateSchedule lrSchedule() {
    return lrSchedule;
  }

  /** Steps per cycle of {@link LearningRateSchedule#COSINE_RESTARTS}. */
  public int lrPeriod() {
    return lrPeriod;
  }

  public double momentum() {
    return momentum;
  }

  /** The hidden layer left out of the optimiser (0 next to the input), if any. */
  public OptionalInt frozenLayer() {
    return frozenLayer == null ? OptionalInt.empty() : OptionalInt.of(frozenLayer);
  }

  public double weightDecay() {
    return weightDecay;
  }

  public double dropout() {
    return dropout;
  }

  public int batchSize() {
    return batchSize;
  }

  public int steps() {
    return steps;
  }

  public DatasetKind dataset() {
    return dataset;
  }

  public int samples() {
    return samples;
  }

  public double validationFraction() {
    return validationFraction;
  }

  public int earlyStoppingPatience() {
    return earlyStoppingPatience;
  }

  public int evalEvery() {
    return evalEvery;
  }

  public double gradientClip() {
    return gradientClip;
  }

  public long seed() {
    return seed;
  }

  @Override
  public String toString() {
    return "TrainingConfig{hiddenLayers=" + hiddenLayers + ", width=" + width
        + ", activation=" + activation.wireName() + ", activationAlpha="
        + (activationAlpha == null ? "default" : activationAlpha)
        + ", softmaxTemperature=" + softmaxTemperature + ", init=" + init.cliName()
        + ", initStd=" + initStd + ", biasInit=" + biasInit
        + ", optimizer=" + optimizer.cliName() + ", learningRate=" + learningRate
        + ", lrSchedule=" + lrSchedule.cliName() + ", lrPeriod=" + lrPeriod
        + ", momentum=" + momentum
        + ", frozenLayer=" + (frozenLayer == null ? "none" : String.valueOf(frozenLayer))
        + ", weightDecay=" + weightDecay + ", dropout=" + dropout
        + ", batchSize=" + batchSize + ", steps=" + steps + ", dataset=" + dataset.cliName()
        + ", samples=" + samples + ", validationFraction=" + validationFraction
        + ", earlyStoppingPatience=" + earlyStoppingPatience + ", evalEvery=" + evalEvery
        + ", gradientClip=" + gradientClip + ", seed=" + seed + "}";
  }

  /** Collects values; {@link #build()} validates them. Defaults are listed on the class. */
  public static final class Builder {
    private int hiddenLayers = 3;
    private int width = 64;
    private ActivationKind activation = ActivationKind.RELU;
    private Double activationAlpha;
    private double softmaxTemperature = 1.0;
    private InitKind init = InitKind.HE_NORMAL;
    private double initStd = 0.01;
    private double biasInit = 0;
    private OptimizerKind optimizer = OptimizerKind.ADAM;
    private double learningRate = 1e-3;
    private LearningRateSchedule lrSchedule = LearningRateSchedule.CONSTANT;
    private int lrPeriod = 500;
    private double momentum = 0.9;
    private Integer frozenLayer;
    private double weightDecay = 0;
    private double dropout = 0;
    private int batchSize = 64;
    private int steps = 2000;
    private DatasetKind dataset = DatasetKind.SPIRALS;
    private int samples = 2000;
    private double validationFraction = 0.2;
    private int earlyStoppingPatience = 0;
    private int evalEvery = 100;
    private double gradientClip = 0;
    private long seed = 42;

    private Builder() {}

    private Builder(TrainingConfig c) {
      hiddenLayers = c.hiddenLayers;
      width = c.width;
      activation = c.activation;
      activationAlpha = c.activationAlpha;
      softmaxTemperature = c.softmaxTemperature;
      init = c.init;
      initStd = c.initStd;
      biasInit = c.biasInit;
      optimizer = c.optimizer;
      learningRate = c.learningRate;
      lrSchedule = c.lrSchedule;
      lrPeriod = c.lrPeriod;
      momentum = c.momentum;
      frozenLayer = c.frozenLayer;
      weightDecay = c.weightDecay;
      dropout = c.dropout;
      batchSize = c.batchSize;
      steps = c.steps;
      dataset = c.dataset;
      samples = c.samples;
      validationFraction = c.validationFraction;
      earlyStoppingPatience = c.earlyStoppingPatience;
      evalEvery = c.evalEvery;
      gradientClip = c.gradientClip;
      seed = c.seed;
    }

    /** Hidden dense layers between input and output, 0 to {@value #MAX_HIDDEN_LAYERS}. */
    public Builder hiddenLayers(int hiddenLayers) {
      this.hiddenLayers = hiddenLayers;
      return this;
    }

    /** Units per hidden layer, 1 to {@value #MAX_WIDTH}. */
    public Builder width(int width) {
      this.width = width;
      return this;
    }

    public Builder activation(ActivationKind activation) {
      this.activation = activation;
      return this;
    }

    /** Leaky ReLU's slope, PReLU's initial slope or ELU's scale; non-negative. */
    public Builder activationAlpha(double activationAlpha) {
      this.activationAlpha = activationAlpha;
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

    /** Standard deviation of {@link InitKind#NORMAL}; positive. */
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

    /** The rate's schedule over the steps; {@code constant} by default. */
    public Builder lrSchedule(LearningRateSchedule lrSchedule) {
      this.lrSchedule = lrSchedule;
      return this;
    }

    /** Steps per cosine cycle of {@link LearningRateSchedule#COSINE_RESTARTS}, at least 1. */
    public Builder lrPeriod(int lrPeriod) {
      this.lrPeriod = lrPeriod;
      return this;
    }

    /**
     * Leaves hidden layer {@code layer} (0 next to the input, below {@code hiddenLayers}) out of
     * the optimiser: its weights, bias and PReLU slopes never change.
     */
    public Builder frozenLayer(int layer) {
      this.frozenLayer = layer;
      return this;
    }

    /** Every layer is trained (the default). */
    public Builder noFrozenLayer() {
      this.frozenLayer = null;
      return this;
    }

    /** SGD momentum in [0, 1). */
    public Builder momentum(double momentum) {
      this.momentum = momentum;
      return this;
    }

    /** L2 penalty on weights (not biases), non-negative. */
    public Builder weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    /** Inverted-dropout rate of the hidden layers while training, in [0, 1). */
    public Builder dropout(double dropout) {
      this.dropout = dropout;
      return this;
    }

    /** Rows per step; capped at the number of training rows. */
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

    /** Examples generated, 10 to {@value #MAX_SAMPLES}, before the validation split. */
    public Builder samples(int samples) {
      this.samples = samples;
      return this;
    }

    /** Share of the examples held out for validation, in [0, 0.9]. */
    public Builder validationFraction(double validationFraction) {
      this.validationFraction = validationFraction;
      return this;
    }

    /** Evaluations without a new best validation loss before stopping; 0 disables. */
    public Builder earlyStoppingPatience(int earlyStoppingPatience) {
      this.earlyStoppingPatience = earlyStoppingPatience;
      return this;
    }

    /** Steps between evaluations (and progress reports). */
    public Builder evalEvery(int evalEvery) {
      this.evalEvery = evalEvery;
      return this;
    }

    /** Largest global gradient norm; 0 disables clipping. */
    public Builder gradientClip(double gradientClip) {
      this.gradientClip = gradientClip;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first field with a bad value
     */
    public TrainingConfig build() {
      Require.between("hiddenLayers", hiddenLayers, 0, MAX_HIDDEN_LAYERS);
      Require.between("width", width, 1, MAX_WIDTH);
      Require.present("activation", activation);
      if (activationAlpha != null) {
        Require.nonNegative("activationAlpha", activationAlpha);
      }
      Require.positive("softmaxTemperature", softmaxTemperature);
      Require.present("init", init);
      Require.positive("initStd", initStd);
      Require.finite("biasInit", biasInit);
      Require.present("optimizer", optimizer);
      Require.positive("learningRate", learningRate);
      Require.present("lrSchedule", lrSchedule);
      Require.between("lrPeriod", lrPeriod, 1, Integer.MAX_VALUE);
      Require.fraction("momentum", momentum);
      if (frozenLayer != null) {
        if (hiddenLayers == 0) {
          throw new IllegalArgumentException(
              "frozenLayer needs a hidden layer, but hiddenLayers is 0, was " + frozenLayer);
        }
        Require.between("frozenLayer", frozenLayer, 0, hiddenLayers - 1L);
      }
      Require.nonNegative("weightDecay", weightDecay);
      Require.fraction("dropout", dropout);
      Require.between("batchSize", batchSize, 1, MAX_SAMPLES);
      Require.between("steps", steps, 1, Integer.MAX_VALUE);
      Require.present("dataset", dataset);
      Require.between("samples", samples, 10, MAX_SAMPLES);
      Require.finite("validationFraction", validationFraction);
      if (validationFraction < 0 || validationFraction > 0.9) {
        throw new IllegalArgumentException(
            "validationFraction must be in [0, 0.9], was " + validationFraction);
      }
      Require.between("earlyStoppingPatience", earlyStoppingPatience, 0, Integer.MAX_VALUE);
      if (earlyStoppingPatience > 0 && Math.round(samples * validationFraction) == 0) {
        throw new IllegalArgumentException(
            "earlyStoppingPatience needs a validation set, but validationFraction "
                + validationFraction + " of " + samples + " samples holds none");
      }
      Require.between("evalEvery", evalEvery, 1, Integer.MAX_VALUE);
      Require.nonNegative("gradientClip", gradientClip);
      return new TrainingConfig(this);
    }
  }
}
