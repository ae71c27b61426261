package dev.neuronwatch.trainer.nn;

import dev.neuronwatch.protocol.ActivationKind;

/**
 * A training objective computed from the output layer's logits, fused with the output activation so
 * that the gradient {@code dLoss/dlogits} is formed directly and stays finite where the activation
 * saturates.
 *
 * <pre>{@code
 * Loss loss = new MeanSquaredError();
 * double mse = loss.compute(logits, targets, rows, 1, logitGradient);
 * }</pre>
 */
public interface Loss {

  /** The output activation this loss is fused with; the output layer must use it. */
  ActivationKind outputActivation();

  /**
   * Returns the loss of the first {@code rows} rows, averaged over the batch, and writes its
   * gradient with respect to each logit into {@code logitGradient} unless that is null.
   */
  double compute(float[] logits, float[] targets, int rows, int cols, float[] logitGradient);
}
