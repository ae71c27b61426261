package dev.neuronwatch.trainer.scenario;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.trainer.InitKind;
import dev.neuronwatch.trainer.LearningRateSchedule;
import dev.neuronwatch.trainer.OptimizerKind;
import dev.neuronwatch.trainer.TrainingConfig;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Preset trainings that reproduce one training pathology each, or none, from genuine training
 * dynamics: only the architecture, initialisation and optimiser settings differ, never the
 * statistics, or a bug planted on purpose ({@code frozen-layer}). Each preset uses the default seed
 * (42) and the spirals dataset, and with an agent sampling every 10 steps shows its pathology in
 * many consecutive samples within seconds. The healthy preset pins Adam at 1e-3, the practitioner's
 * default; the two paper presets ({@code deep-relu-xavier}, {@code small-init-sigmoid}) use SGD
 * with momentum, the optimiser of the papers they reproduce, because Adam's per-weight
 * normalisation hides their failure.
 *
 * <pre>{@code
 * Scenario scenario = Scenario.fromName("dying-relu");
 * TrainingResult result = Trainer.train(scenario.config(), agent, null);
 * }</pre>
 */
public enum Scenario {
  /** Adam 1e-3 on the default net: learns spirals and trips none of the alert rules. */
  HEALTHY(
      "3 x 64 ReLU, He-normal init, Adam 1e-3 on spirals for 1500 steps: He init keeps the "
          + "signal's scale through the layers and Adam's normalised steps stay small, so no unit "
          + "dies, gradients stay within a factor 100 across depth and time, and the network "
          + "reaches about 99% accuracy.",
      TrainingConfig.builder()
          .optimizer(OptimizerKind.ADAM)
          .learningRate(1e-3)
          .lrSchedule(LearningRateSchedule.CONSTANT)
          .steps(1500)
          .build()),

  /** Large SGD steps kill most ReLU units for good. */
  DYING_RELU(
      "3 x 64 ReLU, He-normal init, SGD with learning rate 0.3 and momentum 0.9: the "
          + "oversized, momentum-amplified updates throw biases and weights so far that many "
          + "units' pre-activations become negative for every input. A dead unit passes no "
          + "gradient, so nothing can revive it: from about step 140 on, 85 to 98% of the units "
          + "of a hidden layer are dead and stay dead, and accuracy stalls below 50%.",
      TrainingConfig.builder()
          .optimizer(OptimizerKind.SGD)
          .learningRate(0.3)
          .momentum(0.9)
          .steps(1000)
          .build()),

  /** A deep sigmoid stack whose lower layers hardly receive any gradient. */
  VANISHING_GRADIENTS(
      "8 x 32 sigmoid, Xavier-normal init, SGD 0.1 with momentum 0.9 (Glorot and Bengio "
          + "2010): the sigmoid's slope is at most 1/4, so every layer the error signal crosses "
          + "on its way down shrinks it about fourfold. The first layer's weight gradient stays "
          + "around 1e-5 of the output layer's (the lowest layers all stay below 1e-3), the "
          + "lower layers barely learn and the network stays at chance accuracy.",
      TrainingConfig.builder()
          .hiddenLayers(8)
          .width(32)
          .activation(ActivationKind.SIGMOID)
          .init(InitKind.XAVIER_NORMAL)
          .optimizer(OptimizerKind.SGD)
          .learningRate(0.1)
          .momentum(0.9)
          .steps(600)
          .build()),

  /** A learning rate past stability: gradients grow geometrically until they overflow. */
  EXPLODING_GRADIENTS(
      "A two-layer linear network (one hidden layer of 64 linear units, Xavier-normal init) "
          + "trained with plain SGD at learning rate 3, just past the largest rate that still "
          + "converges (2.5 does). The gradient of each layer is proportional to the other "
          + "layer's weights, so every overshooting step enlarges the weights that scale the "
          + "next gradient: the weight-gradient norms grow geometrically, 10 to 100 fold every "
          + "10 steps, from about 1 to 1e17 over 100 steps, until float overflow turns weights "
          + "and loss into Inf and NaN at step 120 (training then stops). Deeper stacks feed "
          + "back harder still and blow up within 10 to 20 steps, too fast for a monitor "
          + "sampling every 10 steps to watch the growth.",
      TrainingConfig.builder()
          .hiddenLayers(1)
          .activation(ActivationKind.LINEAR)
          .init(InitKind.XAVIER_NORMAL)
          .optimizer(OptimizerKind.SGD)
          .learningRate(3)
          .momentum(0)
          .steps(1500)
          .build()),

  /** Tanh units driven deep into their flat tails by a too-large initialisation. */
  SATURATION(
      "3 x 64 tanh with weights drawn from N(0, 1) instead of Xavier's N(0, 1/64), SGD 0.05 "
          + "with momentum 0.9: each unit of the second and third layer sums 64 inputs with "
          + "weights of size 1, so its pre-activation lands several units away from 0, where "
          + "tanh is flat at +-1 and passes almost no gradient. About 80% of those two layers' "
          + "outputs stay beyond |0.99| for the whole run; the units act as sign switches and "
          + "only the few unsaturated ones keep learning.",
      TrainingConfig.builder()
          .activation(ActivationKind.TANH)
          .init(InitKind.NORMAL)
          .initStd(1.0)
          .optimizer(OptimizerKind.SGD)
          .learningRate(0.05)
          .momentum(0.9)
          .steps(800)
          .build()),

  /** Cosine annealing with a warm restart to a rate the converged network cannot take. */
  LOSS_SPIKE(
      "3 x 64 ELU, He-normal init, Adam with a peak rate of 0.03 on a cosine schedule with warm "
          + "restarts every 500 steps (SGDR). The first cycle learns spirals to about 100% while "
          + "the rate anneals towards 0 and Adam's second-moment estimates shrink with the "
          + "gradients. At step 501 the rate jumps back to 0.03: Adam normalises each update to "
          + "about the rate whatever the gradient, so every weight is thrown by up to 0.03 per "
          + "step out of the narrow minimum the annealing settled in. Within 4 to 14 steps the "
          + "batch loss is 10 times its recent median, and it climbs from 0.001-0.01 to a peak "
          + "of 1.6 to 10 (above the untrained network's 1.1) 47 to 78 steps after the restart, "
          + "without turning NaN (seeds 42 and 1-4); the decaying rate then brings the loss back "
          + "below 0.1 within about 70 steps of the peak, and the run ends at 99.8% or more.",
      TrainingConfig.builder()
          .activation(ActivationKind.ELU)
          .learningRate(0.03)
          .lrSchedule(LearningRateSchedule.COSINE_RESTARTS)
          .lrPeriod(500)
          .steps(1000)
          .build()),

  /** The classic bug of a parameter left out of the optimiser. */
  FROZEN_LAYER(
      "The healthy network (3 x 64 ReLU, He-normal, Adam 1e-3) with the middle hidden layer's "
          + "weights and bias left out of the optimiser, the classic bug of a parameter missing "
          + "from the optimiser's list (or left with requires_grad off). Its gradients are "
          + "computed and passed on to the layer below, but nothing applies them: its update is "
          + "exactly 0 on every step and its weights stay bit-identical to their random "
          + "initialisation. The failure is silent: the other layers learn around the random "
          + "features and the run still reaches about 99% accuracy, so only the layer's "
          + "update-to-weight ratio of 0 shows it.",
      TrainingConfig.builder()
          .optimizer(OptimizerKind.ADAM)
          .learningRate(1e-3)
          .frozenLayer(1)
          .steps(1000)
          .build()),

  /** He et al. 2015, Figure 3: a 30-layer ReLU net with Xavier init stalls. */
  DEEP_RELU_XAVIER(
      "30 x 64 ReLU with Xavier-normal init, SGD 0.01 with momentum 0.9, as He et al. 2015 "
          + "(Figure 3) trained it. Xavier's variance 1/fan_in ignores that ReLU zeroes half of "
          + "its inputs, so the signal's variance halves at every layer on the way up and the "
          + "gradient's on the way down: after 30 layers the output barely depends on the input "
          + "and the lowest layer's weight gradient ends up typically 1e-4 to 1e-6 of the output "
          + "layer's. "
          + "With a signal that no longer depends on the input, each upper-layer unit is on or "
          + "off for the whole batch, and SGD leaves 50 to 80% of some upper layers off for "
          + "every input: a consequence of the collapse that a dead-unit monitor sees too. "
          + "The network stalls at chance (loss ln 3) on every seed, while He init (variance "
          + "2/fan_in) trains the same net under the same SGD. Adam hides the failure: its "
          + "per-weight normalisation rescales the tiny gradients and the same net learns.",
      TrainingConfig.builder()
          .hiddenLayers(30)
          .init(InitKind.XAVIER_NORMAL)
          .optimizer(OptimizerKind.SGD)
          .learningRate(0.01)
          .momentum(0.9)
          .steps(600)
          .build()),

  /** Glorot and Bengio 2010: sigmoid with the "standard" small uniform init. */
  SMALL_INIT_SIGMOID(
      "5 x 64 sigmoid with Glorot and Bengio 2010's 'standard initialization' U(-1/sqrt(n), "
          + "1/sqrt(n)), SGD 0.1 with momentum 0.9. The weights are small (standard deviation "
          + "1/sqrt(3n)) and the sigmoid's slope is at most 1/4, so every layer the error "
          + "crosses on its way down shrinks it about sevenfold: the first layer's weight "
          + "gradient is about 4e-5 of the output layer's, the lower layers stay near their "
          + "random start and the network stays at chance. Adam, which divides each gradient by "
          + "its own running scale, trains the same net well above chance.",
      TrainingConfig.builder()
          .hiddenLayers(5)
          .activation(ActivationKind.SIGMOID)
          .init(InitKind.STANDARD_UNIFORM)
          .optimizer(OptimizerKind.SGD)
          .learningRate(0.1)
          .momentum(0.9)
          .steps(1000)
          .build());

  private final String description;
  private final TrainingConfig config;

  Scenario(String description, TrainingConfig config) {
    this.description = description;
    this.config = config;
  }

  /**
   * Parses a {@link #cliName()} such as {@code "healthy"}, {@code "dying-relu"} or {@code
   * "loss-spike"}, ignoring case and accepting '_' for '-'.
   *
   * @throws IllegalArgumentException listing the valid names
   */
  public static Scenario fromName(String name) {
    if (name != null) {
      String wanted = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
      for (Scenario scenario : values()) {
        if (scenario.cliName().equals(wanted)) {
          return scenario;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown scenario '" + name + "', expected one of " + cliNames());
  }

  /** All command-line names, comma-separated. */
  public static String cliNames() {
    return Arrays.stream(values()).map(Scenario::cliName).collect(Collectors.joining(", "));
  }

  /** The command-line name, e.g. {@code "dying-relu"}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** What the preset does and why the pathology follows from it. */
  public String description() {
    return description;
  }

  /** The preset; adjust it with {@link TrainingConfig#toBuilder()}. */
  public TrainingConfig config() {
    return config;
  }
}
