package dev.neuronwatch.trainer.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fully connected layer {@code a = f(x W + b)} with optional inverted dropout on its output.
 *
 * <p>All buffers are allocated once for batches of up to {@code capacity} rows; nothing is
 * allocated per step. The weight matrix is {@code inputs x units}, row-major. Dropout (rate p)
 * zeroes each output with probability p while training and scales the survivors by {@code 1 / (1 -
 * p)}, so inference needs no rescaling; {@link #activations()} is the output before dropout, {@link
 * #output()} what the next layer reads.
 *
 * <pre>{@code
 * Dense layer = new Dense("dense_0", 2, 64, new Relu(), 0.0, 64);
 * layer.forward(x, 64, null);
 * }</pre>
 */
public final class Dense {
  private final String name;
  private final int inputs;
  private final int units;
  private final int capacity;
  private final Activation activation;
  private final double dropout;
  private final Parameter weights;
  private final Parameter bias;
  private final List<Parameter> parameters;
  private final float[] preActivations;
  private final float[] activations;
  private final float[] output;
  private final float[] keepScale;
  private final float[] outputGradient;
  private final float[] activationGradient;
  private final float[] preActivationGradient;
  private final float[] transposedWeights;

  /**
   * @param dropout the rate p in [0, 1); 0 disables dropout
   * @param capacity the most rows a batch may have
   */
  public Dense(
      String name, int inputs, int units, Activation activation, double dropout, int capacity) {
    if (inputs < 1 || units < 1 || capacity < 1) {
      throw new IllegalArgumentException(
          "inputs, units and capacity must be >= 1, were "
              + inputs
              + ", "
              + units
              + ", "
              + capacity);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), was " + dropout);
    }
    this.name = name;
    this.inputs = inputs;
    this.units = units;
    this.capacity = capacity;
    this.activation = activation;
    this.dropout = dropout;
    this.weights = new Parameter(name + ".weight", inputs * units, true);
    this.bias = new Parameter(name + ".bias", units, false);
    List<Parameter> all = new ArrayList<>(List.of(weights, bias));
    all.addAll(activation.parameters());
    this.parameters = List.copyOf(all);
    int size = capacity * units;
    this.preActivations = new float[size];
    this.activations = new float[size];
    this.preActivationGradient = new float[size];
    this.transposedWeights = new float[inputs * units];
    this.outputGradient = new float[size];
    boolean drops = dropout > 0;
    this.output = drops ? new float[size] : activations;
    this.keepScale = drops ? new float[size] : null;
    this.activationGradient = drops ? new float[size] : outputGradient;
  }

  /**
   * Computes the layer for the first {@code rows} rows of {@code input}.
   *
   * @param dropoutRandom the source of dropout masks while training; null for inference
   */
  public void forward(float[] input, int rows, SplittableRandom dropoutRandom) {
    checkRows(rows);
    MatMul.multiplyAddBias(
        input, weights.value(), bias.value(), preActivations, rows, inputs, units);
    activation.forward(preActivations, activations, rows, units);
    if (keepScale != null) {
      applyDropout(rows, dropoutRandom);
    }
  }

  private void applyDropout(int rows, SplittableRandom random) {
    int n = rows * units;
    if (random == null) {
      System.arraycopy(activations, 0, output, 0, n);
      return;
    }
    float scale = (float) (1 / (1 - dropout));
    for (int i = 0; i < n; i++) {
      keepScale[i] = random.nextDouble() >= dropout ? scale : 0f;
      output[i] = activations[i] * keepScale[i];
    }
  }

  /**
   * Back-propagates {@link #outputGradient()} (dLoss/d{@link #output()}, filled by the layer above)
   * to the parameter gradients and, if {@code inputGradient} is not null, to dLoss/dinput.
   */
  public void backward(float[] input, int rows, float[] inputGradient) {
    checkRows(rows);
    if (keepScale != null) {
      int n = rows * units;
      for (int i = 0; i < n; i++) {
        activationGradient[i] = outputGradient[i] * keepScale[i];
      }
    }
    activation.backward(
        preActivations, activations, activationGradient, preActivationGradient, rows, units);
    backwardFromPreActivations(input, rows, inputGradient);
  }

  /**
   * Back-propagates {@link #preActivationGradient()} as already filled, by a loss fused with this
   * (output) layer's activation.
   */
  public void backwardFromPreActivations(float[] input, int rows, float[] inputGradient) {
    checkRows(rows);
    MatMul.multiplyTransposedLeft(
        input, preActivationGradient, weights.gradient(), rows, inputs, units);
    MatMul.sumRows(preActivationGradient, bias.gradient(), rows, units);
    if (inputGradient != null) {
      // dX = dZ W^T; with W^T laid out contiguously the product vectorises like the forward one.
      MatMul.transpose(weights.value(), transposedWeights, inputs, units);
      MatMul.multiply(preActivationGradient, transposedWeights, inputGradient, rows, units, inputs);
    }
  }

  private void checkRows(int rows) {
    if (rows < 1 || rows > capacity) {
      throw new IllegalArgumentException("rows must be in [1, " + capacity + "], was " + rows);
    }
  }

  public String name() {
    return name;
  }

  public int inputs() {
    return inputs;
  }

  public int units() {
    return units;
  }

  public int capacity() {
    return capacity;
  }

  public Activation activation() {
    return activation;
  }

  public double dropout() {
    return dropout;
  }

  /** The {@code inputs x units} weight matrix. */
  public Parameter weights() {
    return weights;
  }

  public Parameter bias() {
    return bias;
  }

  /** Weights, bias and the activation's own parameters, in that order. */
  public List<Parameter> parameters() {
    return parameters;
  }

  /** {@code z = x W + b} of the last forward pass, {@code capacity x units}. */
  public float[] preActivations() {
    return preActivations;
  }

  /** {@code f(z)} of the last forward pass, before dropout. */
  public float[] activations() {
    return activations;
  }

  /** What the next layer reads: the activations after dropout (the same array without it). */
  public float[] output() {
    return output;
  }

  /** dLoss/d{@link #output()}; the layer above writes it before {@link #backward} runs. */
  public float[] outputGradient() {
    return outputGradient;
  }

  /** dLoss/d{@link #activations()}, i.e. before dropout; the same array without dropout. */
  public float[] activationGradient() {
    return activationGradient;
  }

  /** dLoss/dz of the last backward pass. */
  public float[] preActivationGradient() {
    return preActivationGradient;
  }
}
