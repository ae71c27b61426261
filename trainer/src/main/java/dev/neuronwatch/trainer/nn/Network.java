package dev.neuronwatch.trainer.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A stack of dense layers whose last layer's activation is fused with the loss.
 *
 * <p>The last layer's {@link Dense#preActivations()} are the logits a {@link Loss} reads, and the
 * loss writes dLoss/dlogits into its {@link Dense#preActivationGradient()} before {@link #backward}
 * runs.
 *
 * <pre>{@code
 * Network net = new Network(List.of(
 *     new Dense("dense_0", 2, 16, new Tanh(), 0, 32),
 *     new Dense("output", 16, 3, new Softmax(1.0), 0, 32)));
 * net.forward(x, 32, null);
 * double loss = new SoftmaxCrossEntropy(1.0).compute(net.logits(), y, 32, 3, net.logitGradient());
 * net.backward(x, 32);
 * }</pre>
 */
public final class Network {
  private final List<Dense> layers;
  private final List<Parameter> parameters;

  public Network(List<Dense> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("layers must not be empty");
    }
    for (int i = 1; i < layers.size(); i++) {
      Dense below = layers.get(i - 1);
      Dense above = layers.get(i);
      if (above.inputs() != below.units() || above.capacity() != below.capacity()) {
        throw new IllegalArgumentException(
            "layer "
                + above.name()
                + " takes "
                + above.inputs()
                + " inputs (capacity "
                + above.capacity()
                + ") but "
                + below.name()
                + " has "
                + below.units()
                + " units (capacity "
                + below.capacity()
                + ")");
      }
    }
    this.layers = List.copyOf(layers);
    List<Parameter> all = new ArrayList<>();
    layers.forEach(layer -> all.addAll(layer.parameters()));
    this.parameters = List.copyOf(all);
  }

  /**
   * Runs the first {@code rows} rows of {@code input} through all layers.
   *
   * @param dropoutRandom source of dropout masks while training; null for inference
   * @return the output layer's activations (probabilities or predictions)
   */
  public float[] forward(float[] input, int rows, SplittableRandom dropoutRandom) {
    float[] x = input;
    for (int i = 0; i < layers.size(); i++) {
      Dense layer = layers.get(i);
      layer.forward(x, rows, dropoutRandom);
      x = layer.output();
    }
    return x;
  }

  /** Back-propagates the loss gradient already in {@link #logitGradient()} to every parameter. */
  public void backward(float[] input, int rows) {
    int last = layers.size() - 1;
    for (int i = last; i >= 0; i--) {
      Dense layer = layers.get(i);
      float[] x = i == 0 ? input : layers.get(i - 1).output();
      float[] dx = i == 0 ? null : layers.get(i - 1).outputGradient();
      if (i == last) {
        layer.backwardFromPreActivations(x, rows, dx);
      } else {
        layer.backward(x, rows, dx);
      }
    }
  }

  /** The output layer's pre-activations. */
  public float[] logits() {
    return outputLayer().preActivations();
  }

  /** Where the loss writes dLoss/dlogits. */
  public float[] logitGradient() {
    return outputLayer().preActivationGradient();
  }

  public Dense outputLayer() {
    return layers.get(layers.size() - 1);
  }

  /** Input layer first. */
  public List<Dense> layers() {
    return layers;
  }

  public List<Parameter> parameters() {
    return parameters;
  }

  public int inputs() {
    return layers.get(0).inputs();
  }

  public int outputs() {
    return outputLayer().units();
  }

  public int capacity() {
    return layers.get(0).capacity();
  }
}
