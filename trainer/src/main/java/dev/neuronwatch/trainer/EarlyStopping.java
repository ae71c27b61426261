package dev.neuronwatch.trainer;

/**
 * Stops training once the validation loss has not reached a new best for {@code patience}
 * evaluations in a row; patience 0 never stops. The weights are not rolled back to the best
 * evaluation.
 *
 * <pre>{@code
 * EarlyStopping stopping = new EarlyStopping(5);
 * if (stopping.shouldStop(validationLoss)) { break; }
 * }</pre>
 */
final class EarlyStopping {
  private final int patience;
  private double best = Double.POSITIVE_INFINITY;
  private int sinceBest;

  EarlyStopping(int patience) {
    this.patience = patience;
  }

  boolean shouldStop(double validationLoss) {
    if (patience == 0) {
      return false;
    }
    if (validationLoss < best) {
      best = validationLoss;
      sinceBest = 0;
      return false;
    }
    sinceBest++;
    return sinceBest >= patience;
  }
}
