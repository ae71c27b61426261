package dev.neuronwatch.trainer.data;

import java.util.SplittableRandom;

/**
 * Noisy regression of one period of a sine: {@code x ~ U(-1, 1)}, target {@code sin(pi x) + N(0,
 * 0.05^2)}. The best achievable mean squared error is the noise variance, 0.0025; predicting the
 * mean scores about 0.5. Input dim 1, output dim 1, {@link Task#REGRESSION}.
 *
 * <pre>{@code
 * Dataset sine = Sine.generate(1000, new SplittableRandom(7));
 * }</pre>
 */
public final class Sine {
  public static final double NOISE = 0.05;

  private Sine() {}

  public static Dataset generate(int samples, SplittableRandom random) {
    float[] x = new float[samples];
    float[] y = new float[samples];
    for (int i = 0; i < samples; i++) {
      double v = 2 * random.nextDouble() - 1;
      x[i] = (float) v;
      y[i] = (float) (Math.sin(Math.PI * v) + NOISE * random.nextGaussian());
    }
    return new Dataset("sine", Task.REGRESSION, 1, 1, x, y);
  }
}
