package dev.neuronwatch.trainer.nn;

import java.util.List;

/**
 * Adam (Kingma and Ba 2015) with beta1 {@value #BETA1}, beta2 {@value #BETA2}, epsilon {@value
 * #EPSILON} and bias-corrected moments. Weight decay is classic L2 (added to the gradient before
 * the moments), not decoupled AdamW.
 *
 * <pre>{@code
 * Optimizer adam = new Adam(network.parameters(), 1e-3, 0.0);
 * }</pre>
 */
public final class Adam implements Optimizer {
  public static final double BETA1 = 0.9;
  public static final double BETA2 = 0.999;
  public static final double EPSILON = 1e-8;

  private final List<Parameter> parameters;
  private double learningRate;
  private final double weightDecay;
  private final float[][] firstMoment;
  private final float[][] secondMoment;
  private long steps;

  public Adam(List<Parameter> parameters, double learningRate, double weightDecay) {
    this.parameters = List.copyOf(parameters);
    this.learningRate = learningRate;
    this.weightDecay = weightDecay;
    this.firstMoment = new float[this.parameters.size()][];
    this.secondMoment = new float[this.parameters.size()][];
    for (int p = 0; p < firstMoment.length; p++) {
      firstMoment[p] = new float[this.parameters.get(p).size()];
      secondMoment[p] = new float[this.parameters.get(p).size()];
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
    steps++;
    double correction1 = 1 - Math.pow(BETA1, steps);
    double correction2 = 1 - Math.pow(BETA2, steps);
    double stepSize = learningRate / correction1;
    double sqrtCorrection2 = Math.sqrt(correction2);
    for (int p = 0; p < firstMoment.length; p++) {
      Parameter parameter = parameters.get(p);
      float[] w = parameter.value();
      float[] g = parameter.gradient();
      float[] delta = parameter.lastUpdate();
      float[] m = firstMoment[p];
      float[] v = secondMoment[p];
      double decay = parameter.decays() ? weightDecay : 0;
      for (int i = 0; i < w.length; i++) {
        double grad = g[i] * gradientScale + decay * w[i];
        m[i] = (float) (BETA1 * m[i] + (1 - BETA1) * grad);
        v[i] = (float) (BETA2 * v[i] + (1 - BETA2) * grad * grad);
        delta[i] = (float) (-stepSize * m[i] / (Math.sqrt(v[i]) / sqrtCorrection2 + EPSILON));
        w[i] += delta[i];
      }
    }
  }
}
