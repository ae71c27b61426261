package dev.neuronwatch.server.testing;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.AgentCounters;
import dev.neuronwatch.protocol.GradientSummary;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.LossWindow;
import dev.neuronwatch.protocol.ParameterRange;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.protocol.TensorSummary;
import java.util.List;

/**
 * Wire values for server tests, built with the model's constructors: healthy unless a test says
 * otherwise.
 *
 * <pre>{@code
 * LayerSample hidden = Samples.layer("dense_0", 0, ActivationKind.RELU).dead(0.9).build();
 * PushRequest push = Samples.push("run-1", Samples.step(10, hidden));
 * }</pre>
 */
public final class Samples {
  public static final long TIME_MILLIS = 1_800_000_000_000L;

  private Samples() {}

  /** A healthy output: 64 finite values in [-1, 1.5], 10% zeros. */
  public static TensorSummary output() {
    return new TensorSummary(64, 0.25, 0.09, -1, 1.5, 0.1, 0, 0);
  }

  /** A weight gradient with the given norm and a healthy mean absolute value. */
  public static GradientSummary gradient(double weightNorm) {
    return new GradientSummary(weightNorm, weightNorm / 10, weightNorm / 2, 1e-3, 0, 0);
  }

  public static LayerBuilder layer(String name, int depth, ActivationKind activation) {
    return new LayerBuilder(name, depth, activation);
  }

  /** A sample with loss 0.5. */
  public static StepSample step(long step, LayerSample... layers) {
    return new StepSample(step, TIME_MILLIS + step, 0.5, false, List.of(layers));
  }

  /** A sample with the given loss and loss window (null for none). */
  public static StepSample step(long step, Double loss, LossWindow window, LayerSample... layers) {
    return new StepSample(step, TIME_MILLIS + step, loss, false, List.of(layers), window);
  }

  /** A sample whose loss was not finite. */
  public static StepSample nonFiniteLossStep(long step, LayerSample... layers) {
    return new StepSample(step, TIME_MILLIS + step, null, true, List.of(layers));
  }

  public static PushRequest push(String run, StepSample... samples) {
    return new PushRequest(run, List.of(samples), null, false);
  }

  public static PushRequest push(String run, AgentCounters agent, StepSample... samples) {
    return new PushRequest(run, List.of(samples), agent, false);
  }

  /** Builds a {@link LayerSample}; fields default to a healthy layer without a gradient. */
  public static final class LayerBuilder {
    private final String name;
    private final int depth;
    private final ActivationKind activation;
    private TensorSummary output = Samples.output();
    private Double dead;
    private Double saturation;
    private GradientSummary gradient;
    private Double weightNorm;
    private Double updateRatio;
    private Double negative;
    private ParameterRange alpha;
    private Double gain;
    private Long weightNonFinite;
    private Long updateNonFinite;

    private LayerBuilder(String name, int depth, ActivationKind activation) {
      this.name = name;
      this.depth = depth;
      this.activation = activation;
      if (activation.isReluFamily()) {
        dead = 0.05;
      }
      if (activation.isSaturating()) {
        saturation = 0.05;
      }
    }

    public LayerBuilder output(TensorSummary output) {
      this.output = output;
      return this;
    }

    public LayerBuilder dead(Double dead) {
      this.dead = dead;
      return this;
    }

    public LayerBuilder saturation(Double saturation) {
      this.saturation = saturation;
      return this;
    }

    public LayerBuilder gradient(GradientSummary gradient) {
      this.gradient = gradient;
      return this;
    }

    public LayerBuilder gradient(double weightNorm) {
      return gradient(Samples.gradient(weightNorm));
    }

    public LayerBuilder weights(double weightNorm, double updateRatio) {
      this.weightNorm = weightNorm;
      this.updateRatio = updateRatio;
      return this;
    }

    /** The weight norm alone (null when the weights hold non-finite values). */
    public LayerBuilder weightNorm(Double weightNorm) {
      this.weightNorm = weightNorm;
      return this;
    }

    public LayerBuilder updateRatio(Double updateRatio) {
      this.updateRatio = updateRatio;
      return this;
    }

    public LayerBuilder negative(Double negative) {
      this.negative = negative;
      return this;
    }

    public LayerBuilder alpha(double mean, double min) {
      this.alpha = new ParameterRange(mean, min);
      return this;
    }

    public LayerBuilder gain(Double gain) {
      this.gain = gain;
      return this;
    }

    public LayerBuilder nonFiniteParameters(Long weights, Long update) {
      this.weightNonFinite = weights;
      this.updateNonFinite = update;
      return this;
    }

    public LayerSample build() {
      return new LayerSample(
          name,
          depth,
          activation,
          16,
          output,
          dead,
          saturation,
          gradient,
          weightNorm,
          updateRatio,
          negative,
          alpha,
          gain,
          weightNonFinite,
          updateNonFinite);
    }
  }
}
