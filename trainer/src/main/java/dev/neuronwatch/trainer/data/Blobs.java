package dev.neuronwatch.trainer.data;

import java.util.SplittableRandom;

/**
 * K isotropic Gaussian blobs (std {@value #STD}) whose centres sit evenly on a circle of radius
 * {@value #RADIUS}; example i belongs to blob {@code i mod K}. Nearly linearly separable. Input dim
 * 2, output dim K, {@link Task#MULTI_CLASS}.
 *
 * <pre>{@code
 * Dataset blobs = Blobs.generate(1000, 4, new SplittableRandom(7));
 * }</pre>
 */
public final class Blobs {
  public static final int DEFAULT_CLASSES = 4;
  public static final double RADIUS = 1.5;
  public static final double STD = 0.4;

  private Blobs() {}

  /** {@value #DEFAULT_CLASSES} blobs. */
  public static Dataset generate(int samples, SplittableRandom random) {
    return generate(samples, DEFAULT_CLASSES, random);
  }

  public static Dataset generate(int samples, int classes, SplittableRandom random) {
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be >= 2, was " + classes);
    }
    float[] x = new float[samples * 2];
    float[] y = new float[samples * classes];
    for (int i = 0; i < samples; i++) {
      int c = i % classes;
      double angle = 2 * Math.PI * c / classes;
      x[2 * i] = (float) (RADIUS * Math.cos(angle) + STD * random.nextGaussian());
      x[2 * i + 1] = (float) (RADIUS * Math.sin(angle) + STD * random.nextGaussian());
      y[i * classes + c] = 1;
    }
    return new Dataset("blobs", Task.MULTI_CLASS, 2, classes, x, y);
  }
}
