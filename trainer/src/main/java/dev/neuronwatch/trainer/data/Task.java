package dev.neuronwatch.trainer.data;

/**
 * What a dataset's targets are, which decides the natural loss and how accuracy is counted.
 *
 * <pre>{@code
 * if (dataset.task() == Task.REGRESSION) { ... no accuracy ... }
 * }</pre>
 */
public enum Task {
  /** One-hot targets over K classes: softmax cross-entropy, accuracy of the arg-max. */
  MULTI_CLASS,
  /**
   * One or more independent 0/1 labels (binary or multi-label): sigmoid binary cross-entropy,
   * accuracy per label at threshold 0.5.
   */
  BINARY,
  /** Real-valued targets: mean squared error, no accuracy. */
  REGRESSION
}
