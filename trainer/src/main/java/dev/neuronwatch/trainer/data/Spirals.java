package dev.neuronwatch.trainer.data;

import java.util.SplittableRandom;

/**
 * K interleaved spiral arms in the plane, one class per arm (the classic CS231n toy problem):
 * example i belongs to class {@code i mod K}, sits at radius {@code r ~ U(0, 1)} and angle {@code 2
 * pi c / K + 4 r + 0.2 r N(0, 1)}. Linearly inseparable, so it needs hidden layers; the angular
 * noise grows with the radius so the arms stay separable near the centre. Input dim 2, output dim
 * K, {@link Task#MULTI_CLASS}.
 *
 * <pre>{@code
 * Dataset spirals = Spirals.generate(2000, 3, new SplittableRandom(42));
 * }</pre>
 */
public final class Spirals {
  /** Three arms, as in the CS231n notes. */
  public static final int DEFAULT_CLASSES = 3;

  private static final double TURN = 4.0;
  private static final double ANGLE_NOISE = 0.2;

  private Spirals() {}

  /** {@value #DEFAULT_CLASSES} arms. */
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
      double r = random.nextDouble();
      double angle = 2 * Math.PI * c / classes + TURN * r + ANGLE_NOISE * r * random.nextGaussian();
      x[2 * i] = (float) (r * Math.sin(angle));
      x[2 * i + 1] = (float) (r * Math.cos(angle));
      y[i * classes + c] = 1;
    }
    return new Dataset("spirals", Task.MULTI_CLASS, 2, classes, x, y);
  }
}
