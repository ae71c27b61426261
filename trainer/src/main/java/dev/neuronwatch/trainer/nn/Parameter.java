package dev.neuronwatch.trainer.nn;

/**
 * A learnable tensor with its gradient and the last update the optimiser applied to it, all
 * allocated once. Weight decay applies only to parameters flagged {@code decays} (weight matrices,
 * not biases or PReLU slopes).
 *
 * <pre>{@code
 * Parameter w = new Parameter("dense_0.weight", 2 * 64, true);
 * w.value()[0] = 0.1f;
 * }</pre>
 */
public final class Parameter {
  private final String name;
  private final float[] value;
  private final float[] gradient;
  private final float[] lastUpdate;
  private final boolean decays;

  public Parameter(String name, int size, boolean decays) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1, was " + size);
    }
    this.name = name;
    this.value = new float[size];
    this.gradient = new float[size];
    this.lastUpdate = new float[size];
    this.decays = decays;
  }

  public String name() {
    return name;
  }

  public int size() {
    return value.length;
  }

  /** The live values; optimisers and initialisers write them in place. */
  public float[] value() {
    return value;
  }

  /** dLoss/dvalue of the last backward pass (without weight decay and clipping). */
  public float[] gradient() {
    return gradient;
  }

  /** The change the optimiser made to {@link #value()} on its last step. */
  public float[] lastUpdate() {
    return lastUpdate;
  }

  public boolean decays() {
    return decays;
  }

  @Override
  public String toString() {
    return name + "[" + value.length + "]";
  }
}
