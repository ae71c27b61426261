package dev.neuronwatch.protocol;

/**
 * The agent's robust summary of the losses of the steps before a sample: every step's loss, not
 * only sampled ones, over a sliding window.
 *
 * <p>{@code count} is the number of finite losses in the window (at most its size), {@code median}
 * their median and {@code mad} their median absolute deviation from it. The server compares the
 * sample's loss with these to find loss spikes (NeuronwatchLossSpike); {@code first} is the median
 * of the run's first losses (the agent takes its first 16), the scale against which a spike is
 * judged significant.
 *
 * <pre>{@code
 * LossWindow window = new LossWindow(128, 0.41, 0.02, 1.09);
 * }</pre>
 */
public record LossWindow(int count, double median, double mad, double first) {

  /** The most steps a window may cover. */
  public static final int MAX_COUNT = 1 << 16;

  public LossWindow {
    if (count < 1 || count > MAX_COUNT) {
      throw new InvalidFieldException(
          "count", "must be between 1 and " + MAX_COUNT + ", was " + count);
    }
    Checks.finite("median", median);
    Checks.nonNegative("mad", mad);
    Checks.finite("first", first);
  }
}
