package dev.neuronwatch.trainer.data;

import java.util.SplittableRandom;

/**
 * Two interleaving half circles (scikit-learn's {@code make_moons}): label 0 on {@code (cos t, sin
 * t)}, label 1 on {@code (1 - cos t, 1/2 - sin t)}, {@code t ~ U(0, pi)}, plus Gaussian noise of
 * std {@value #NOISE} per coordinate, centred on the origin. Input dim 2, output dim 1, {@link
 * Task#BINARY}.
 *
 * <pre>{@code
 * Dataset moons = Moons.generate(1000, new SplittableRandom(7));
 * }</pre>
 */
public final class Moons {
  public static final double NOISE = 0.1;

  private Moons() {}

  public static Dataset generate(int samples, SplittableRandom random) {
    float[] x = new float[samples * 2];
    float[] y = new float[samples];
    for (int i = 0; i < samples; i++) {
      int label = i % 2;
      double t = Math.PI * random.nextDouble();
      double px = label == 0 ? Math.cos(t) : 1 - Math.cos(t);
      double py = label == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
      x[2 * i] = (float) (px - 0.5 + NOISE * random.nextGaussian());
      x[2 * i + 1] = (float) (py - 0.25 + NOISE * random.nextGaussian());
      y[i] = label;
    }
    return new Dataset("moons", Task.BINARY, 2, 1, x, y);
  }
}
