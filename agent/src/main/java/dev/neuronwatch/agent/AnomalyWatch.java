package dev.neuronwatch.agent;

import dev.neuronwatch.agent.stats.RollingLossWindow;
import dev.neuronwatch.protocol.GradientSummary;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.LossWindow;
import java.util.List;

/**
 * Watches a run for the anomalies that make the agent sample densely and push at once: a loss spike
 * or the loss turning non-finite (judged on every step), and on sampled steps the weight gradient
 * growing (the network's weight gradient norm, over all its layers, exceeding {@value
 * #GRADIENT_GROWTH} times the largest of its last {@value #GRADIENT_HISTORY} sampled values, with
 * at least {@value #GRADIENT_MIN_HISTORY} of them) or non-finite values appearing in any tensor of
 * any layer.
 *
 * <p>Why the whole network against its largest recent norm, and not each layer against its previous
 * sample: a converged network's minibatch gradient norms scatter over two orders of magnitude from
 * one step to the next (measured on the reference network's healthy preset: one layer's norm 0.0026
 * at one step and 0.115 at the next, and 11 times the largest of its previous 8 at another), so a
 * per-layer "tenfold the previous sample" fires again and again on a healthy run and, once sampling
 * is dense in a burst, keeps re-arming the burst. A gradient that really explodes grows
 * geometrically through every layer and passes the largest recent norm just as well.
 *
 * <p>Non-finite values are an anomaly when they appear, not on every step they stay: a run whose
 * loss is NaN from some step on has one anomaly there, and another only if it recovers and fails
 * again. A spike is judged against the loss window as it was before the step (see {@link
 * RollingLossWindow#isSpike(double)}). Not thread-safe; allocates nothing after construction.
 *
 * <pre>{@code
 * AnomalyWatch watch = new AnomalyWatch(128);
 * boolean anomaly = watch.lossAnomaly(true, loss);
 * LossWindow before = watch.window();
 * watch.addLoss(loss);
 * anomaly |= watch.layerAnomaly(sample.layers());
 * }</pre>
 */
final class AnomalyWatch {
  /** A weight gradient norm more than this multiple of its recent largest is an anomaly. */
  static final double GRADIENT_GROWTH = 10;

  /** How many of the last sampled weight gradient norms make the baseline. */
  static final int GRADIENT_HISTORY = 16;

  /** The fewest earlier norms needed before growth is judged. */
  static final int GRADIENT_MIN_HISTORY = 2;

  private final RollingLossWindow losses;
  private final RecentNorms gradientNorms = new RecentNorms();
  private boolean lossWasNonFinite;
  private boolean layersWereNonFinite;

  AnomalyWatch(int lossWindow) {
    this.losses = new RollingLossWindow(lossWindow);
  }

  /**
   * Whether this step's loss is an anomaly: a spike against the window, or non-finite after a
   * finite loss (or as the first loss). A step without a loss is none.
   */
  boolean lossAnomaly(boolean hasLoss, double loss) {
    if (!hasLoss) {
      return false;
    }
    if (!Double.isFinite(loss)) {
      boolean appeared = !lossWasNonFinite;
      lossWasNonFinite = true;
      return appeared;
    }
    lossWasNonFinite = false;
    return losses.isSpike(loss);
  }

  /** The loss window's summary now, or null while it holds no loss. */
  LossWindow window() {
    return losses.summary();
  }

  /** Adds a step's loss to the window; a non-finite loss is not added. */
  void addLoss(double loss) {
    losses.add(loss);
  }

  /**
   * Whether the layers of a sampled step show an anomaly: the network's weight gradient norm
   * (square root of the sum of the layers' squared norms) more than {@value #GRADIENT_GROWTH} times
   * the largest of its recent values, or non-finite values where the previous sample had none.
   */
  boolean layerAnomaly(List<LayerSample> layers) {
    boolean nonFinite = false;
    boolean anyGradient = false;
    double squares = 0;
    for (int i = 0; i < layers.size(); i++) {
      LayerSample layer = layers.get(i);
      nonFinite |= layer.nonFiniteCount() > 0 || layer.parameterNonFiniteCount() > 0;
      GradientSummary gradient = layer.gradient();
      if (gradient != null) {
        anyGradient = true;
        squares += gradient.weightNorm() * gradient.weightNorm();
      }
    }
    boolean grew = false;
    if (anyGradient) {
      double norm = Math.sqrt(squares);
      double baseline = gradientNorms.count < GRADIENT_MIN_HISTORY ? 0 : gradientNorms.max();
      grew = baseline > 0 && norm > GRADIENT_GROWTH * baseline;
      gradientNorms.add(norm);
    }
    boolean appeared = nonFinite && !layersWereNonFinite;
    layersWereNonFinite = nonFinite;
    return grew || appeared;
  }

  /** The last {@value #GRADIENT_HISTORY} weight gradient norms. */
  private static final class RecentNorms {
    private final double[] norms = new double[GRADIENT_HISTORY];
    private int count;
    private int next;

    void add(double norm) {
      norms[next] = norm;
      next = (next + 1) % norms.length;
      count = Math.min(count + 1, norms.length);
    }

    double max() {
      double max = 0;
      for (int i = 0; i < count; i++) {
        max = Math.max(max, norms[i]);
      }
      return max;
    }
  }
}
