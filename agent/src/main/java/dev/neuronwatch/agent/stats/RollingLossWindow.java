package dev.neuronwatch.agent.stats;

import dev.neuronwatch.protocol.LossWindow;
import java.util.Arrays;

/**
 * The last {@code capacity} finite losses of a run with their median and median absolute deviation
 * (MAD), and the median of the run's first {@value #FIRST_LOSSES} losses: the scale of the
 * untrained network's loss, which a single spike cannot move. (The median of a whole first window
 * is no such scale: a small net can learn most of its task in its first 128 steps.)
 *
 * <p>Built for being fed on every training step. The losses are kept twice: in a ring (arrival
 * order, to know which one leaves) and in a sorted array. Adding a loss is a binary search and one
 * {@code System.arraycopy} of at most {@code capacity} doubles; the median is then read directly,
 * and the MAD by merging the two sorted runs of deviations either side of the median, half the
 * window. {@link #isSpike(double)} reads the MAD only when the cheap conditions on the median have
 * already held, so on a typical step it costs a few comparisons. Nothing is allocated after
 * construction except the returned {@link LossWindow}. Not thread-safe.
 *
 * <pre>{@code
 * RollingLossWindow window = new RollingLossWindow(128);
 * boolean spike = window.isSpike(loss); // judged against the losses before this one
 * window.add(loss);
 * LossWindow summary = window.summary();
 * }</pre>
 */
public final class RollingLossWindow {
  /** Fewer losses than this in the window never make a spike. */
  public static final int SPIKE_MIN_COUNT = 32;

  /** A spike exceeds the median by more than this many (normal-consistent) MADs. */
  public static final double SPIKE_MADS = 6;

  /** A spike is also more than this multiple of a positive median. */
  public static final double SPIKE_RATIO = 2;

  /**
   * A spike also rises above the median by more than this fraction of the run's loss scale ({@link
   * #first()}): on a converged run the loss is tiny and its batch-to-batch noise is many MADs and
   * multiples of the median, yet harmless; a spike worth waking up for is large on the run's own
   * scale.
   */
  public static final double SPIKE_SIGNIFICANCE = 0.1;

  /** How many of the run's first losses make its loss scale, {@link #first()}. */
  public static final int FIRST_LOSSES = 16;

  /** Scales the MAD to the standard deviation of normally distributed data. */
  private static final double MAD_TO_SIGMA = 1.4826;

  private final double[] ring;
  private final double[] sorted;
  private int count;
  private int oldest;
  private double first = Double.NaN;

  /**
   * An empty window of {@code capacity} losses.
   *
   * @throws IllegalArgumentException when {@code capacity} is not in [1, {@link
   *     LossWindow#MAX_COUNT}]
   */
  public RollingLossWindow(int capacity) {
    if (capacity < 1 || capacity > LossWindow.MAX_COUNT) {
      throw new IllegalArgumentException(
          "capacity must be in [1, " + LossWindow.MAX_COUNT + "], was " + capacity);
    }
    ring = new double[capacity];
    sorted = new double[capacity];
  }

  /** Adds a loss, evicting the oldest when full; NaN and infinite losses are ignored. */
  public void add(double loss) {
    if (!Double.isFinite(loss)) {
      return;
    }
    if (count == ring.length) {
      removeSorted(ring[oldest]);
      ring[oldest] = loss;
      oldest = (oldest + 1) % ring.length;
    } else {
      ring[(oldest + count) % ring.length] = loss;
    }
    insertSorted(loss);
    if (count == Math.min(ring.length, FIRST_LOSSES) && Double.isNaN(first)) {
      first = median();
    }
  }

  /** The number of losses in the window. */
  public int count() {
    return count;
  }

  /** The median of the window, NaN when empty. */
  public double median() {
    if (count == 0) {
      return Double.NaN;
    }
    int mid = count / 2;
    return count % 2 == 1 ? sorted[mid] : 0.5 * sorted[mid - 1] + 0.5 * sorted[mid];
  }

  /** The median absolute deviation from the median, NaN when empty. */
  public double mad() {
    if (count == 0) {
      return Double.NaN;
    }
    double median = median();
    // Deviations left of the split grow leftwards, right of it rightwards: merge the two runs.
    int left = count / 2 - 1;
    int right = count / 2;
    int lowRank = (count - 1) / 2;
    int highRank = count / 2;
    double low = 0;
    double value = 0;
    for (int rank = 0; rank <= highRank; rank++) {
      double leftDeviation = left >= 0 ? median - sorted[left] : Double.POSITIVE_INFINITY;
      double rightDeviation = right < count ? sorted[right] - median : Double.POSITIVE_INFINITY;
      if (leftDeviation <= rightDeviation) {
        value = leftDeviation;
        left--;
      } else {
        value = rightDeviation;
        right++;
      }
      if (rank == lowRank) {
        low = value;
      }
    }
    return Math.min(Double.MAX_VALUE, 0.5 * low + 0.5 * value);
  }

  /**
   * The median of the run's first {@value #FIRST_LOSSES} losses (or of a smaller window once full);
   * until then, the median of what the window holds. NaN when empty.
   */
  public double first() {
    return Double.isNaN(first) ? median() : first;
  }

  /**
   * Whether {@code loss} is a spike against the window as it is (call before {@link #add}): at
   * least {@value #SPIKE_MIN_COUNT} losses, {@code loss > median + 6 * 1.4826 * MAD}, and {@code
   * loss > 2 * median} when the median is positive, and {@code loss - median > 0.1 * first}. A
   * non-finite loss is not a spike (it is an anomaly of its own).
   */
  public boolean isSpike(double loss) {
    if (count < SPIKE_MIN_COUNT || !Double.isFinite(loss)) {
      return false;
    }
    double median = median();
    if (!(loss > median) || (median > 0 && !(loss > SPIKE_RATIO * median))) {
      return false;
    }
    double scale = first();
    if (Double.isFinite(scale) && !(loss - median > SPIKE_SIGNIFICANCE * Math.abs(scale))) {
      return false;
    }
    return loss > median + SPIKE_MADS * MAD_TO_SIGMA * mad();
  }

  /** The window's summary for the wire, or null when it holds no loss yet. */
  public LossWindow summary() {
    return count == 0 ? null : new LossWindow(count, median(), mad(), first());
  }

  private void insertSorted(double loss) {
    int at = Arrays.binarySearch(sorted, 0, count, loss);
    if (at < 0) {
      at = -(at + 1);
    }
    System.arraycopy(sorted, at, sorted, at + 1, count - at);
    sorted[at] = loss;
    count++;
  }

  private void removeSorted(double loss) {
    int at = Arrays.binarySearch(sorted, 0, count, loss);
    System.arraycopy(sorted, at + 1, sorted, at, count - at - 1);
    count--;
  }
}
