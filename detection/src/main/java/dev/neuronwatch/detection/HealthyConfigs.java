package dev.neuronwatch.detection;

import static dev.neuronwatch.protocol.ActivationKind.ELU;
import static dev.neuronwatch.protocol.ActivationKind.GELU;
import static dev.neuronwatch.protocol.ActivationKind.LEAKY_RELU;
import static dev.neuronwatch.protocol.ActivationKind.PRELU;
import static dev.neuronwatch.protocol.ActivationKind.RELU;
import static dev.neuronwatch.protocol.ActivationKind.SIGMOID;
import static dev.neuronwatch.protocol.ActivationKind.SWISH;
import static dev.neuronwatch.protocol.ActivationKind.TANH;
import static dev.neuronwatch.trainer.DatasetKind.BLOBS;
import static dev.neuronwatch.trainer.DatasetKind.MOONS;
import static dev.neuronwatch.trainer.DatasetKind.MULTILABEL;
import static dev.neuronwatch.trainer.DatasetKind.SINE;
import static dev.neuronwatch.trainer.DatasetKind.SPIRALS;
import static dev.neuronwatch.trainer.DatasetKind.XOR;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.trainer.DatasetKind;
import dev.neuronwatch.trainer.InitKind;
import dev.neuronwatch.trainer.OptimizerKind;
import dev.neuronwatch.trainer.TrainingConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Healthy configurations a practitioner would train: each non-linear activation with its matching
 * initialisation (He for the ReLU family, GELU and Swish; Xavier for tanh and sigmoid) on each of
 * the six datasets, depth 2 to 8, width 32 to 256, Adam or SGD with momentum at standard rates;
 * plus dropout, deep, wide, higher-rate and plain-SGD nets, and (full tier) long converged runs.
 * Keyed by a readable name; the benchmark adds the seed.
 *
 * <pre>{@code
 * Map<String, TrainingConfig> configs = HealthyConfigs.of(Tier.FULL);
 * }</pre>
 */
final class HealthyConfigs {
  private static final List<ActivationKind> ACTIVATIONS =
      List.of(RELU, LEAKY_RELU, PRELU, ELU, GELU, SWISH, TANH, SIGMOID);
  private static final int[] DEPTHS = {2, 3, 4, 6};
  private static final int[] WIDTHS = {32, 64, 128};

  private HealthyConfigs() {}

  static Map<String, TrainingConfig> of(Tier tier) {
    Map<String, TrainingConfig> configs = new LinkedHashMap<>();
    if (tier == Tier.QUICK) {
      put(configs, net(RELU, SPIRALS, 3, 64).steps(1500));
      put(configs, net(TANH, MOONS, 3, 64));
      put(configs, net(GELU, BLOBS, 2, 32));
      put(configs, net(LEAKY_RELU, MULTILABEL, 3, 32));
      put(configs, net(RELU, MOONS, 3, 64).learningRate(1e-2));
      return configs;
    }
    int index = 0;
    for (ActivationKind activation : ACTIVATIONS) {
      for (DatasetKind dataset : DatasetKind.values()) {
        int depth = DEPTHS[index % DEPTHS.length];
        if (activation == SIGMOID) {
          depth = Math.min(depth, 3);
        }
        TrainingConfig.Builder net = net(activation, dataset, depth, WIDTHS[index / 4 % 3]);
        put(configs, index % 2 == 0 ? net : sgd(net, activation));
        index++;
      }
    }
    put(configs, net(RELU, SPIRALS, 3, 128).dropout(0.1));
    put(configs, net(GELU, BLOBS, 4, 64).dropout(0.2));
    put(configs, net(TANH, MOONS, 3, 64).dropout(0.1));
    put(configs, net(SWISH, MULTILABEL, 3, 64).dropout(0.2));
    put(configs, net(RELU, SPIRALS, 8, 64));
    put(configs, net(GELU, MOONS, 8, 32));
    put(configs, net(ELU, BLOBS, 8, 64));
    put(configs, net(LEAKY_RELU, XOR, 8, 32));
    put(configs, net(TANH, SPIRALS, 6, 64));
    put(configs, net(RELU, SPIRALS, 2, 256));
    put(configs, net(TANH, MOONS, 2, 256));
    put(configs, sgd(net(SWISH, BLOBS, 3, 256), SWISH));
    put(configs, net(PRELU, SINE, 2, 256));
    put(configs, net(RELU, SPIRALS, 3, 64).learningRate(3e-3));
    put(configs, net(TANH, SPIRALS, 3, 64).learningRate(3e-3));
    put(configs, net(SIGMOID, MOONS, 2, 64).learningRate(3e-3));
    put(configs, net(ELU, MULTILABEL, 4, 64).learningRate(3e-3));
    put(configs, net(RELU, MOONS, 3, 64).learningRate(1e-2));
    put(configs, net(GELU, BLOBS, 3, 64).learningRate(1e-2));
    put(configs, sgd(net(RELU, BLOBS, 3, 64), RELU).momentum(0));
    put(configs, sgd(net(TANH, XOR, 2, 32), TANH).momentum(0));
    put(configs, sgd(net(SIGMOID, MOONS, 2, 32), SIGMOID).momentum(0));
    // Long converged runs: the 60,000-step ReLU net and a tanh one.
    put(configs, net(RELU, SPIRALS, 3, 64).steps(60_000));
    put(configs, net(TANH, SPIRALS, 3, 64).steps(20_000));
    return configs;
  }

  /** Adam 1e-3 with the activation's matching init; spirals get more steps than the others. */
  private static TrainingConfig.Builder net(
      ActivationKind activation, DatasetKind dataset, int depth, int width) {
    boolean xavier = activation == TANH || activation == SIGMOID;
    return TrainingConfig.builder()
        .activation(activation)
        .init(xavier ? InitKind.XAVIER_NORMAL : InitKind.HE_NORMAL)
        .dataset(dataset)
        .hiddenLayers(depth)
        .width(width)
        .steps(dataset == SPIRALS ? 3000 : 1500);
  }

  /** SGD with momentum 0.9 at a standard rate: 0.05, or 0.5 for sigmoid's small slopes. */
  private static TrainingConfig.Builder sgd(TrainingConfig.Builder net, ActivationKind activation) {
    return net.optimizer(OptimizerKind.SGD)
        .momentum(0.9)
        .learningRate(activation == SIGMOID ? 0.5 : 0.05);
  }

  private static void put(Map<String, TrainingConfig> configs, TrainingConfig.Builder builder) {
    TrainingConfig config = builder.build();
    String name =
        config.activation().wireName().replace('_', '-')
            + "-"
            + config.dataset().cliName()
            + "-"
            + config.hiddenLayers()
            + "x"
            + config.width()
            + "-"
            + config.optimizer().cliName()
            + config.learningRate()
            + (config.momentum() > 0 && config.optimizer() == OptimizerKind.SGD ? "m" : "")
            + (config.dropout() > 0 ? "-dropout" + config.dropout() : "")
            + (config.steps() != 1500 && config.steps() != 3000
                ? "-" + config.steps() + "steps"
                : "");
    if (configs.putIfAbsent(name, config) != null) {
      throw new IllegalStateException("two healthy configurations named " + name);
    }
  }
}
