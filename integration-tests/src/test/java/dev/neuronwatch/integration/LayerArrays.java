package dev.neuronwatch.integration;

import dev.neuronwatch.agent.LayerTensors;
import dev.neuronwatch.protocol.ActivationKind;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The arrays of a ReLU network (3 x 128 unless told otherwise) with a 10-way softmax output at
 * batch 64, as a training loop hands them to the agent: activations, output gradients, weights,
 * weight and bias gradients and the last update, refreshed with new plausible values every step.
 *
 * <pre>{@code
 * LayerArrays network = new LayerArrays(7);
 * network.nextStep();
 * for (LayerTensors layer : network.layers()) agent.recordLayer(step, layer);
 * }</pre>
 */
final class LayerArrays {
  static final int BATCH = 64;
  static final int INPUTS = 32;
  static final int HIDDEN_LAYERS = 3;
  static final int WIDTH = 128;
  static final int CLASSES = 10;

  private final SplittableRandom random;
  private final List<LayerTensors> layers = new ArrayList<>();
  private final List<float[][]> arrays = new ArrayList<>();

  LayerArrays(long seed) {
    this(seed, HIDDEN_LAYERS, WIDTH);
  }

  LayerArrays(long seed, int hiddenLayers, int width) {
    random = new SplittableRandom(seed);
    int inputs = INPUTS;
    for (int i = 0; i <= hiddenLayers; i++) {
      boolean output = i == hiddenLayers;
      int units = output ? CLASSES : width;
      float[] activations = new float[BATCH * units];
      float[] outputGradient = new float[BATCH * units];
      float[] weights = new float[inputs * units];
      float[] weightGradient = new float[inputs * units];
      float[] biasGradient = new float[units];
      float[] lastUpdate = new float[inputs * units];
      layers.add(
          LayerTensors.of(
                  output ? "output" : "dense_" + i,
                  i,
                  output ? ActivationKind.SOFTMAX : ActivationKind.RELU,
                  BATCH,
                  units)
              .output(activations)
              .outputGradient(outputGradient)
              .weights(weights)
              .weightGradient(weightGradient)
              .biasGradient(biasGradient)
              .lastUpdate(lastUpdate));
      arrays.add(
          new float[][] {
            activations, outputGradient, weights, weightGradient, biasGradient, lastUpdate
          });
      inputs = units;
    }
  }

  List<LayerTensors> layers() {
    return layers;
  }

  /** New values for every array, as a training step would leave them. */
  void nextStep() {
    for (int i = 0; i < arrays.size(); i++) {
      float[][] layer = arrays.get(i);
      if (i == arrays.size() - 1) {
        probabilities(layer[0]);
      } else {
        relu(layer[0]);
      }
      noise(layer[1], 1e-3);
      noise(layer[2], 0.1);
      noise(layer[3], 1e-3);
      noise(layer[4], 1e-3);
      noise(layer[5], 1e-5);
    }
  }

  private void noise(float[] values, double scale) {
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) ((random.nextDouble() - 0.5) * scale);
    }
  }

  /** About a third of the outputs 0, the rest spread up to 2, as a live ReLU layer's are. */
  private void relu(float[] values) {
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) Math.max(0, random.nextDouble() * 3 - 1);
    }
  }

  /** Each row a probability distribution over the classes, as a softmax output is. */
  private void probabilities(float[] values) {
    for (int row = 0; row < BATCH; row++) {
      double sum = 0;
      for (int c = 0; c < CLASSES; c++) {
        values[row * CLASSES + c] = (float) random.nextDouble();
        sum += values[row * CLASSES + c];
      }
      for (int c = 0; c < CLASSES; c++) {
        values[row * CLASSES + c] /= (float) sum;
      }
    }
  }
}
