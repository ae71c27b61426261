package dev.neuronwatch.trainer.nn;

import java.util.List;

/**
 * Stochastic gradient descent with (heavy-ball) momentum: {@code v = mu v + g; w -= lr v}, the
 * formulation of PyTorch; momentum 0 is plain SGD.
 *
 * <pre>{@code
 * Optimizer sgd = new Sgd(network.parameters(), 0.1, 0.9, 0.0);
 * }</pre>
 */
public final class Sgd implements Optimizer {
  private final List<Parameter> parameters;
  private double learningRate;
  private final double momentum;
  private final double weightDecay;
  private final float[][] velocity;

  public Sgd(List<Parameter> parameters, double learningRate, double momentum, double weightDecay) {
    this.parameters = List.copyOf(parameters);
    this.learningRate = learningRate;
    this.momentum = momentum;
    this.weightDecay = weightDecay;
    this.velocity = new float[this.parameters.size()][];
    for (int p = 0; p < velocity.length; p++) {
      velocity[p] = new float[this.parameters.get(p).size()];
    }
  }

  @Override
  public void learningRate(double learningRate) {
    if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "learningRate must be finite and >= 0, was " + learningRate);
    }
    this.learningRate = learningRate;
  }

  @Override
  public void step(double gradientScale) {
    for (int p = 0; p < velocity.length; p++) {
      Parameter parameter = parameters.get(p);
      float[] w = parameter.value();
      float[] g = parameter.gradient();
      float[] delta = parameter.lastUpdate();
      float[] v = velocity[p];
      double decay = parameter.decays() ? weightDecay : 0;
      for (int i = 0; i < w.length; i++) {
        double grad = g[i] * gradientScale + decay * w[i];
        v[i] = (float) (momentum * v[i] + grad);
        delta[i] = (float) (-learningRate * v[i]);
        w[i] += delta[i];
      }
    }
  }
}
