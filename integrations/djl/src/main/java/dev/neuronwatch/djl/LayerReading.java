package dev.neuronwatch.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import dev.neuronwatch.agent.LayerTensors;

/**
 * Reads one planned layer's arrays out of DJL into the agent's {@link LayerTensors}, and keeps the
 * weights it read so that the next sampled step can hand over the change the optimiser applied in
 * between. Not thread-safe.
 */
final class LayerReading {
  private final LayerPlan.Layer layer;
  private LayerTensors tensors;
  private float[] previousWeights;
  private long previousWeightsStep = -1;
  private float[] update;

  LayerReading(LayerPlan.Layer layer) {
    this.layer = layer;
  }

  LayerPlan.Layer layer() {
    return layer;
  }

  /**
   * Fills the layer's tensors for {@code step} from its captured output and the parameters as they
   * are now (after backward, before the optimiser's step).
   */
  LayerTensors read(long step, NDArray output) {
    long[] shape = output.getShape().getShape();
    int units = (int) shape[shape.length - 1];
    int batch = (int) (output.size() / Math.max(1, units));
    if (tensors == null || tensors.units() != units) {
      tensors = LayerTensors.of(layer.name(), layer.depth(), layer.kind(), batch, units);
    }
    tensors.batch(batch).output(floats(output));
    float[] weights = floats(layer.weight().getArray());
    tensors.weights(weights).weightGradient(gradient(layer.weight()));
    tensors.biasGradient(layer.bias() == null ? null : gradient(layer.bias()));
    tensors.lastUpdate(updateSince(step, weights));
    remember(step, weights);
    return tensors;
  }

  /** Keeps the weights as they are before {@code step}'s optimiser step. */
  void rememberWeights(long step) {
    if (previousWeightsStep != step) {
      remember(step, floats(layer.weight().getArray()));
    }
  }

  private void remember(long step, float[] weights) {
    previousWeights = weights;
    previousWeightsStep = step;
  }

  /**
   * Weights before this step's update minus weights before the previous step's: exactly the change
   * the optimiser applied at {@code step - 1}; null when the previous step was not read.
   */
  private float[] updateSince(long step, float[] weights) {
    if (previousWeightsStep != step - 1 || previousWeights.length != weights.length) {
      return null;
    }
    if (update == null || update.length != weights.length) {
      update = new float[weights.length];
    }
    for (int i = 0; i < weights.length; i++) {
      update[i] = weights[i] - previousWeights[i];
    }
    return update;
  }

  private static float[] gradient(Parameter parameter) {
    if (!parameter.requiresGradient()) {
      return null;
    }
    try (NDArray gradient = parameter.getArray().getGradient()) {
      return floats(gradient);
    }
  }

  static float[] floats(NDArray array) {
    if (array.getDataType() == DataType.FLOAT32) {
      return array.toFloatArray();
    }
    try (NDArray converted = array.toType(DataType.FLOAT32, false)) {
      return converted.toFloatArray();
    }
  }
}
