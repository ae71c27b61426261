package dev.neuronwatch.dl4j;

import dev.neuronwatch.agent.LayerTensors;
import dev.neuronwatch.protocol.ActivationKind;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;

/**
 * One layer as the listener reports it: where its outputs come from and where its parameters and
 * gradients live.
 *
 * <p>{@code outputKey} names the layer's output among the activations Deeplearning4j hands to
 * {@code onForwardPass} (a list index for a {@code MultiLayerNetwork}, a vertex name for a {@code
 * ComputationGraph}); it is null for an output layer, whose outputs are computed from the
 * activation named {@code inputKey} (see {@link OutputActivations}). {@code paramLayer} holds the
 * weights ({@code W}) and bias ({@code b}); their gradients are under {@code gradientPrefix + "_W"}
 * and {@code "_b"} in the network's gradient. A dense layer with an identity activation followed by
 * an activation-only layer is one planned layer: the dense layer's name and parameters, the
 * activation layer's outputs and kind.
 *
 * <pre>{@code
 * PlannedLayer dense = new PlannedLayer("layer0", 0, ActivationKind.RELU, layer, "0", "1", null,
 *     null, false);
 * }</pre>
 */
final class PlannedLayer {
  final String name;
  final int depth;
  final ActivationKind kind;
  final Layer paramLayer;
  final String gradientPrefix;
  final String outputKey;
  final String inputKey;
  final InputPreProcessor preProcessor;
  final boolean channelsLast;
  private LayerTensors tensors;

  PlannedLayer(
      String name,
      int depth,
      ActivationKind kind,
      Layer paramLayer,
      String gradientPrefix,
      String outputKey,
      String inputKey,
      InputPreProcessor preProcessor,
      boolean channelsLast) {
    this.name = name;
    this.depth = depth;
    this.kind = kind;
    this.paramLayer = paramLayer;
    this.gradientPrefix = gradientPrefix;
    this.outputKey = outputKey;
    this.inputKey = inputKey;
    this.preProcessor = preProcessor;
    this.channelsLast = channelsLast;
  }

  /** Whether the outputs are computed rather than handed over by Deeplearning4j. */
  boolean isComputedOutput() {
    return outputKey == null;
  }

  /** The reusable tensors description for this shape (a new one when the units changed). */
  LayerTensors tensors(int rows, int units) {
    if (tensors == null || tensors.units() != units) {
      tensors = LayerTensors.of(name, depth, kind, rows, units);
    }
    return tensors.batch(rows);
  }
}
