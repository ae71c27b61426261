package dev.neuronwatch.trainer;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.trainer.nn.Activation;
import dev.neuronwatch.trainer.nn.Dense;
import dev.neuronwatch.trainer.nn.Network;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds and initialises the network a configuration describes: {@code hiddenLayers} layers named
 * {@code dense_0, dense_1, ...} of {@code width} units, then a layer named {@value #OUTPUT} with
 * the loss's activation and no dropout. Weights are drawn layer by layer, input side first, from
 * the run's random source.
 *
 * <pre>{@code
 * Network net = NetworkLayout.build(config, 2, 3, ActivationKind.SOFTMAX, 64, random);
 * }</pre>
 */
final class NetworkLayout {
  static final String OUTPUT = "output";

  private NetworkLayout() {}

  static Network build(
      TrainingConfig config,
      int inputs,
      int outputs,
      ActivationKind outputActivation,
      int capacity,
      SplittableRandom random) {
    List<Dense> layers = new ArrayList<>();
    int fanIn = inputs;
    for (int i = 0; i < config.hiddenLayers(); i++) {
      Activation activation =
          Activation.create(
              config.activation(),
              config.activationAlpha(),
              config.softmaxTemperature(),
              config.width());
      layers.add(
          new Dense("dense_" + i, fanIn, config.width(), activation, config.dropout(), capacity));
      fanIn = config.width();
    }
    Activation output =
        Activation.create(outputActivation, Double.NaN, config.softmaxTemperature(), outputs);
    layers.add(new Dense(OUTPUT, fanIn, outputs, output, 0, capacity));
    for (Dense layer : layers) {
      config
          .init()
          .fill(layer.weights().value(), layer.inputs(), layer.units(), config.initStd(), random);
      Arrays.fill(layer.bias().value(), (float) config.biasInit());
    }
    return new Network(layers);
  }
}
