package dev.neuronwatch.cli;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.WireJson;
import dev.neuronwatch.settings.InvalidSettingException;
import dev.neuronwatch.trainer.DatasetKind;
import dev.neuronwatch.trainer.InitKind;
import dev.neuronwatch.trainer.LearningRateSchedule;
import dev.neuronwatch.trainer.OptimizerKind;
import dev.neuronwatch.trainer.TrainingConfig;
import dev.neuronwatch.trainer.scenario.Scenario;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code neuronwatch train}: trains the reference network with the agent attached, or with {@code
 * --no-agent} alone (the baseline of the agent's cost: nothing sampled, nothing pushed).
 *
 * <p>{@code --scenario} picks a preset; every other training flag given on the command line
 * overrides the preset's value. The defaults shown in {@code --help} are the {@code healthy}
 * preset's.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train the reference network with the Neuronwatch agent attached.",
      "Training flags override the chosen scenario's preset; the defaults shown are the healthy"
          + " preset's."
    })
final class TrainCommand implements Callable<Integer> {
  private static final TrainingConfig HEALTHY = Scenario.HEALTHY.config();

  @Spec CommandSpec spec;

  @Option(
      names = "--scenario",
      defaultValue = "healthy",
      description =
          "Preset: healthy, dying-relu, vanishing-gradients, exploding-gradients, saturation,"
              + " loss-spike, frozen-layer, deep-relu-xavier, small-init-sigmoid"
              + " (default: ${DEFAULT-VALUE}).")
  String scenario;

  @Option(names = "--layers", description = "Number of hidden layers (default: ${DEFAULT-VALUE}).")
  int hiddenLayers = HEALTHY.hiddenLayers();

  @Option(names = "--width", description = "Units per hidden layer (default: ${DEFAULT-VALUE}).")
  int width = HEALTHY.width();

  @Option(
      names = "--activation",
      description =
          "Hidden activation: linear, sigmoid, tanh, relu, leaky_relu, prelu, elu, gelu, swish"
              + " (default: ${DEFAULT-VALUE}).")
  String activation = HEALTHY.activation().wireName();

  @Option(
      names = "--init",
      description =
          "Weight init: he-normal, he-uniform, xavier-normal, xavier-uniform, standard-uniform,"
              + " zero, normal"
              + " (default: ${DEFAULT-VALUE}).")
  String init = HEALTHY.init().cliName();

  @Option(
      names = "--init-std",
      description = "Standard deviation of the 'normal' init (default: ${DEFAULT-VALUE}).")
  double initStd = HEALTHY.initStd();

  @Option(names = "--optimizer", description = "sgd or adam (default: ${DEFAULT-VALUE}).")
  String optimizer = HEALTHY.optimizer().cliName();

  @Option(names = "--lr", description = "Learning rate (default: ${DEFAULT-VALUE}).")
  double learningRate = HEALTHY.learningRate();

  @Option(
      names = "--lr-schedule",
      description =
          "Learning-rate schedule: constant, or cosine-restarts (cosine annealing from --lr towards"
              + " 0, restarting at --lr every --lr-period steps) (default: ${DEFAULT-VALUE}).")
  String lrSchedule = HEALTHY.lrSchedule().cliName();

  @Option(
      names = "--lr-period",
      description = "Steps per cycle of cosine-restarts (default: ${DEFAULT-VALUE}).")
  int lrPeriod = HEALTHY.lrPeriod();

  @Option(names = "--momentum", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
  double momentum = HEALTHY.momentum();

  @Option(names = "--weight-decay", description = "L2 weight decay (default: ${DEFAULT-VALUE}).")
  double weightDecay = HEALTHY.weightDecay();

  @Option(
      names = "--dropout",
      description = "Dropout rate on hidden layers (default: ${DEFAULT-VALUE}).")
  double dropout = HEALTHY.dropout();

  @Option(
      names = "--freeze-layer",
      paramLabel = "N",
      description =
          "Leave hidden layer N (0 = next to the input) out of the optimiser, the classic"
              + " 'parameter missing from the optimiser' bug (default: none).")
  Integer frozenLayer;

  @Option(names = "--batch", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
  int batchSize = HEALTHY.batchSize();

  @Option(names = "--steps", description = "Training steps (default: ${DEFAULT-VALUE}).")
  int steps = HEALTHY.steps();

  @Option(
      names = "--dataset",
      description = "spirals, moons, blobs, xor, sine, multi-label (default: ${DEFAULT-VALUE}).")
  String dataset = HEALTHY.dataset().cliName();

  @Option(
      names = "--seed",
      description = "Random seed; same seed, same run (default: ${DEFAULT-VALUE}).")
  long seed = HEALTHY.seed();

  @Option(
      names = "--sample-every",
      defaultValue = "" + AgentConfig.DEFAULT_SAMPLE_EVERY,
      description = "Agent samples every N steps (default: ${DEFAULT-VALUE}).")
  int sampleEvery;

  @Option(
      names = "--server",
      defaultValue = AgentConfig.DEFAULT_SERVER_URI,
      description = "Neuronwatch server URL (default: ${DEFAULT-VALUE}).")
  URI serverUri;

  @Option(
      names = "--token-env",
      defaultValue = "NEURONWATCH_WRITE_TOKEN",
      description =
          "Environment variable holding the server's write token, sent as a bearer token when set"
              + " (default: ${DEFAULT-VALUE}).")
  String tokenEnv;

  @Option(
      names = "--run",
      description = "Run name, the 'run' label (default: the scenario name and the seed).")
  String run;

  @Option(names = "--json", description = "Print a JSON summary at the end (default: false).")
  boolean json;

  @Option(
      names = "--no-agent",
      description =
          "Train without the agent: no sampling, no push, no server needed; the baseline for the"
              + " agent's cost (default: false).")
  boolean noAgent;

  @Override
  public Integer call() {
    TrainingConfig config = config();
    String runName = run != null ? run : scenario + "-" + config.seed();
    AgentConfig agent = agentConfig(runName);
    var out = spec.commandLine().getOut();
    if (noAgent) {
      out.printf("training run %s (scenario %s), no agent%n", runName, scenario);
    } else {
      out.printf("training run %s (scenario %s), agent -> %s%n", runName, scenario, serverUri);
    }
    String token = System.getenv(tokenEnv);
    TrainingSession session = new TrainingSession(out, agent, true, token);
    long started = System.nanoTime();
    TrainingReport summary =
        noAgent
            ? session.runWithoutAgent(runName, scenario, config)
            : session.run(runName, scenario, config);
    double millis = (System.nanoTime() - started) / 1e6;
    out.printf(
        "finished after %d steps: loss %.5g%s, %d alert(s) received%n",
        summary.steps(),
        summary.finalLoss(),
        summary.diverged() ? " (diverged)" : "",
        summary.alerts().size());
    out.printf(
        Locale.ROOT,
        "wall time %.0f ms, %.3f ms per step (evaluations included)%n",
        millis,
        summary.steps() == 0 ? 0 : millis / summary.steps());
    if (!summary.delivered()) {
      out.println(summary.deliveryProblem());
    }
    if (json) {
      out.println(WireJson.encodeToString(summary));
    }
    // Not one sample accepted: the run was not monitored at all, which a script must see.
    return summary.nothingDelivered() ? 1 : 0;
  }

  /** The agent's settings from the flags; {@link AgentConfig} judges them. */
  private AgentConfig agentConfig(String runName) {
    try {
      return AgentConfig.builder()
          .run(runName)
          .serverUri(serverUri)
          .sampleEvery(sampleEvery)
          .build();
    } catch (InvalidSettingException e) {
      throw SettingFlags.usageError(spec, e, "--run");
    }
  }

  /** The scenario's preset with every flag given on the command line applied over it. */
  TrainingConfig config() {
    Scenario preset = parse("--scenario", () -> Scenario.fromName(scenario));
    TrainingConfig.Builder builder = preset.config().toBuilder();
    ParseResult given = spec.commandLine().getParseResult();
    override(given, "--layers", () -> builder.hiddenLayers(hiddenLayers));
    override(given, "--width", () -> builder.width(width));
    override(
        given, "--activation", () -> builder.activation(ActivationKind.fromWireName(activation)));
    override(given, "--init", () -> builder.init(InitKind.fromName(init)));
    override(given, "--init-std", () -> builder.initStd(initStd));
    override(given, "--optimizer", () -> builder.optimizer(OptimizerKind.fromName(optimizer)));
    override(given, "--lr", () -> builder.learningRate(learningRate));
    override(
        given,
        "--lr-schedule",
        () -> builder.lrSchedule(LearningRateSchedule.fromName(lrSchedule)));
    override(given, "--lr-period", () -> builder.lrPeriod(lrPeriod));
    override(given, "--momentum", () -> builder.momentum(momentum));
    override(given, "--freeze-layer", () -> builder.frozenLayer(frozenLayer));
    override(given, "--weight-decay", () -> builder.weightDecay(weightDecay));
    override(given, "--dropout", () -> builder.dropout(dropout));
    override(given, "--batch", () -> builder.batchSize(batchSize));
    override(given, "--steps", () -> builder.steps(steps));
    override(given, "--dataset", () -> builder.dataset(DatasetKind.fromName(dataset)));
    override(given, "--seed", () -> builder.seed(seed));
    try {
      return builder.build();
    } catch (InvalidSettingException e) {
      // A setting without a flag of its own is the preset's, or one the preset contradicts.
      throw SettingFlags.usageError(spec, e, "--scenario");
    }
  }

  private static void override(ParseResult given, String flag, Runnable apply) {
    if (given.hasMatchedOption(flag)) {
      parse(
          flag,
          () -> {
            apply.run();
            return null;
          });
    }
  }

  private static <T> T parse(String flag, java.util.function.Supplier<T> parser) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw new UsageException(flag, e.getMessage());
    }
  }
}
