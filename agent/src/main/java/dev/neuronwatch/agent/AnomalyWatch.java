package dev.neuronwatch.agent;

import dev.neuronwatch.agent.stats.RollingLossWindow;
import dev.neuronwatch.model.GradientSummary;
import dev.neuronwatch.model.LayerSample;
import dev.neuronwatch.model.LossWindow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches a run for the anomalies that make the agent sample densely and push at once: a loss
 * spike or the loss turning non-finite (judged on every step), and on sampled steps a layer whose
 * weight gradient grew more than {@value #GRADIENT_GROWTH} times since its previous sample or
 * non-finite values appearing in any tensor of any layer.
 *
 * <p>Non-finite values are an anomaly when they appear, not on every step they stay: a run whose
 * loss is NaN from some step on has one anomaly there, and another only if it recovers and fails
 * again. A spike is judged against the loss window as it was before the step (see {@link
 * RollingLossWindow#isSpike(double)}). Not thread-safe; allocates only on a layer's first sample.
 *
 * <pre>{@code
 * AnomalyWatch watch = new AnomalyWatch(128);
 * boolean anomaly = watch.lossAnomaly(loss, false);
 * LossWindow before = watch.window();
 * watch.addLoss(loss);
 * anomaly |= watch.layerAnomaly(sample.layers());
 * }</pre>
 */
final class AnomalyWatch {
  /** A weight gradient norm more than this multiple of the layer's previous one is an anomaly. */
  static final double GRADIENT_GROWTH = 10;

  private final RollingLossWindow losses;
  private final Map<String, double[]> lastGradientNorm = new HashMap<>();
  private boolean lossWasNonFinite;
  private boolean layersWereNonFinite;

  AnomalyWatch(int lossWindow) {
    this.losses = new RollingLossWindow(lossWindow);
  }

  /**
   * Whether this step's loss is an anomaly: a spike against the window, or non-finite after a
   * finite loss (or as the first loss). A step without a loss is none.
   */
  boolean lossAnomaly(Double loss, boolean lossNonFinite) {
    if (lossNonFinite) {
      boolean appeared = !lossWasNonFinite;
      lossWasNonFinite = true;
      return appeared;
    }
    if (loss == null) {
      return false;
    }
    lossWasNonFinite = false;
    return losses.isSpike(loss);
  }

  /** The loss window's summary now, or null while it holds no loss. */
  LossWindow window() {
    return losses.summary();
  }

  /** Adds a step's loss to the window; null and non-finite losses are not added. */
  void addLoss(Double loss) {
    if (loss != null) {
      losses.add(loss);
    }
  }

  /**
   * Whether the layers of a sampled step show an anomaly: a weight gradient norm more than {@value
   * #GRADIENT_GROWTH} times its previous positive value, or non-finite values where the previous
   * sample had none.
   */
  boolean layerAnomaly(List<LayerSample> layers) {
    boolean grew = false;
    boolean nonFinite = false;
    for (int i = 0; i < layers.size(); i++) {
      LayerSample layer = layers.get(i);
      nonFinite |= layer.nonFiniteCount() > 0 || layer.parameterNonFiniteCount() > 0;
      GradientSummary gradient = layer.gradient();
      if (gradient != null) {
        double[] last = lastGradientNorm.computeIfAbsent(layer.name(), name -> new double[1]);
        grew |= last[0] > 0 && gradient.weightNorm() > GRADIENT_GROWTH * last[0];
        last[0] = gradient.weightNorm();
      }
    }
    boolean appeared = nonFinite && !layersWereNonFinite;
    layersWereNonFinite = nonFinite;
    return grew || appeared;
  }
}
