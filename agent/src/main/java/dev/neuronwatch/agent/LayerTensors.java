package dev.neuronwatch.agent;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.InvalidFieldException;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.TensorSummary;

/**
 * A mutable, reusable description of one layer's arrays at one step, handed to {@link
 * NeuronwatchAgent#recordLayer(long, LayerTensors)}.
 *
 * <p>The agent reads the arrays synchronously inside {@code recordLayer} and never keeps a
 * reference to them, so a training loop can create one {@code LayerTensors} per layer up front and
 * point it at its (usually reused) arrays every sampled step. Matrices are row-major {@code batch x
 * units}; only their first {@code batch * units} values are read. Weights and their gradients may
 * have any length (a flattened weight matrix). Arrays left null are simply not measured. Not
 * thread-safe.
 *
 * <pre>{@code
 * LayerTensors hidden = LayerTensors.of("dense_0", 0, ActivationKind.RELU, 32, 128);
 * // every sampled step:
 * hidden.output(h).outputGradient(dh).weights(w).weightGradient(dw).biasGradient(db);
 * agent.recordLayer(step, hidden);
 * }</pre>
 */
public final class LayerTensors {
  private static final TensorSummary NO_OUTPUT = new TensorSummary(0, 0, 0, 0, 0, 0, 0, 0);

  private final String name;
  private final int depth;
  private final ActivationKind activation;
  private final int units;
  private int batch;
  private float[] output;
  private float[] outputGradient;
  private float[] weights;
  private float[] weightGradient;
  private float[] biasGradient;
  private float[] lastUpdate;
  private float[] alpha;

  private LayerTensors(String name, int depth, ActivationKind activation, int batch, int units) {
    this.name = name;
    this.depth = depth;
    this.activation = activation;
    this.units = units;
    batch(batch);
  }

  /**
   * Describes a layer; {@code depth} counts from 0 at the layer nearest the input.
   *
   * @throws IllegalArgumentException naming the field when a value would break the wire protocol (a
   *     name that is not a valid label value, a negative depth, a non-positive batch or units)
   */
  public static LayerTensors of(
      String name, int depth, ActivationKind activation, int batch, int units) {
    try {
      // The wire record owns the rules for name, depth, activation and units: apply exactly them.
      new LayerSample(name, depth, activation, units, NO_OUTPUT, null, null, null, null, null);
    } catch (InvalidFieldException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return new LayerTensors(name, depth, activation, batch, units);
  }

  /**
   * Changes the batch size, for example for a smaller last batch of an epoch.
   *
   * @throws IllegalArgumentException when not positive or when {@code batch * units} exceeds the
   *     largest array size
   */
  public LayerTensors batch(int batch) {
    if (batch <= 0) {
      throw new IllegalArgumentException("batch must be positive, was " + batch);
    }
    if ((long) batch * units > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "batch x units must fit in an array, was " + batch + " x " + units);
    }
    this.batch = batch;
    return this;
  }

  /** Required: the layer's outputs (after the activation), at least {@code batch * units} long. */
  public LayerTensors output(float[] rowMajorBatchByUnits) {
    this.output = rowMajorBatchByUnits;
    return this;
  }

  /** Optional: dLoss/dOutput, {@code batch x units}. */
  public LayerTensors outputGradient(float[] outputGradient) {
    this.outputGradient = outputGradient;
    return this;
  }

  /** Optional: the weight matrix, flattened. */
  public LayerTensors weights(float[] weights) {
    this.weights = weights;
    return this;
  }

  /** Optional: dLoss/dWeights, flattened. */
  public LayerTensors weightGradient(float[] weightGradient) {
    this.weightGradient = weightGradient;
    return this;
  }

  /** Optional: dLoss/dBias. */
  public LayerTensors biasGradient(float[] biasGradient) {
    this.biasGradient = biasGradient;
    return this;
  }

  /** Optional: the last change applied to the weights, for the update ratio. */
  public LayerTensors lastUpdate(float[] deltaWeights) {
    this.lastUpdate = deltaWeights;
    return this;
  }

  /**
   * Optional, PReLU layers only: the learnable negative slopes, one per unit ({@code units} values)
   * or a single slope shared by all units. Reported as their mean and minimum; ignored for other
   * activations (an ELU's alpha, for example, is a constant, not a learned slope).
   *
   * <pre>{@code
   * LayerTensors prelu = LayerTensors.of("dense_1", 1, ActivationKind.PRELU, 32, 64).alpha(slopes);
   * }</pre>
   */
  public LayerTensors alpha(float[] slopes) {
    this.alpha = slopes;
    return this;
  }

  public String name() {
    return name;
  }

  public int depth() {
    return depth;
  }

  public ActivationKind activation() {
    return activation;
  }

  public int batch() {
    return batch;
  }

  public int units() {
    return units;
  }

  /** The output array, or null when not set yet. */
  public float[] output() {
    return output;
  }

  public float[] outputGradient() {
    return outputGradient;
  }

  public float[] weights() {
    return weights;
  }

  public float[] weightGradient() {
    return weightGradient;
  }

  public float[] biasGradient() {
    return biasGradient;
  }

  public float[] lastUpdate() {
    return lastUpdate;
  }

  /** The PReLU slopes, or null when not set. */
  public float[] alpha() {
    return alpha;
  }
}
