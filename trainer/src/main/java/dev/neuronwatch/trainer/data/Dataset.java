package dev.neuronwatch.trainer.data;

import java.util.SplittableRandom;

/**
 * An immutable table of examples: {@code rows x inputDim} inputs and {@code rows x outputDim}
 * targets, both row-major floats. Multi-class targets are one-hot.
 *
 * <pre>{@code
 * Dataset spirals = Spirals.generate(2000, 3, new SplittableRandom(42));
 * Split split = spirals.split(0.2, random);
 * float x0 = split.train().input(0, 0);
 * }</pre>
 */
public final class Dataset {
  private final String name;
  private final Task task;
  private final int inputDim;
  private final int outputDim;
  private final int rows;
  private final float[] inputs;
  private final float[] targets;

  /** Copies both arrays; their lengths must be a common row count times the dimensions. */
  public Dataset(
      String name, Task task, int inputDim, int outputDim, float[] inputs, float[] targets) {
    if (inputDim < 1 || outputDim < 1) {
      throw new IllegalArgumentException(
          "inputDim and outputDim must be >= 1, were " + inputDim + " and " + outputDim);
    }
    if (inputs.length % inputDim != 0
        || targets.length % outputDim != 0
        || inputs.length / inputDim != targets.length / outputDim) {
      throw new IllegalArgumentException(
          "inputs ("
              + inputs.length
              + " values) and targets ("
              + targets.length
              + " values) do not hold the same number of rows of "
              + inputDim
              + " and "
              + outputDim);
    }
    this.name = name;
    this.task = task;
    this.inputDim = inputDim;
    this.outputDim = outputDim;
    this.rows = inputs.length / inputDim;
    this.inputs = inputs.clone();
    this.targets = targets.clone();
  }

  public String name() {
    return name;
  }

  public Task task() {
    return task;
  }

  public int inputDim() {
    return inputDim;
  }

  public int outputDim() {
    return outputDim;
  }

  public int rows() {
    return rows;
  }

  public boolean isEmpty() {
    return rows == 0;
  }

  public float input(int row, int col) {
    return inputs[row * inputDim + col];
  }

  public float target(int row, int col) {
    return targets[row * outputDim + col];
  }

  /** The class index of a multi-class row: the position of its largest target. */
  public int label(int row) {
    int best = 0;
    for (int j = 1; j < outputDim; j++) {
      if (target(row, j) > target(row, best)) {
        best = j;
      }
    }
    return best;
  }

  /** Copies one example into row {@code at} of row-major batch buffers. */
  public void copyRow(int row, float[] batchInputs, float[] batchTargets, int at) {
    System.arraycopy(inputs, row * inputDim, batchInputs, at * inputDim, inputDim);
    System.arraycopy(targets, row * outputDim, batchTargets, at * outputDim, outputDim);
  }

  /**
   * Shuffles the rows with {@code random} and cuts off the last {@code round(rows * fraction)} of
   * them as the validation set (possibly empty).
   */
  public Split split(double validationFraction, SplittableRandom random) {
    if (!(validationFraction >= 0 && validationFraction < 1)) {
      throw new IllegalArgumentException(
          "validationFraction must be in [0, 1), was " + validationFraction);
    }
    int[] order = Shuffle.identity(rows);
    Shuffle.inPlace(order, random);
    int validationRows = (int) Math.round(rows * validationFraction);
    int trainRows = rows - validationRows;
    return new Split(subset(order, 0, trainRows), subset(order, trainRows, validationRows));
  }

  private Dataset subset(int[] order, int from, int count) {
    float[] x = new float[count * inputDim];
    float[] y = new float[count * outputDim];
    for (int i = 0; i < count; i++) {
      copyRow(order[from + i], x, y, i);
    }
    return new Dataset(name, task, inputDim, outputDim, x, y);
  }

  @Override
  public String toString() {
    return name + "[" + rows + " rows, " + inputDim + " -> " + outputDim + ", " + task + "]";
  }
}
