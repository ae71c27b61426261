package dev.neuronwatch.trainer.data;

import java.util.SplittableRandom;

/**
 * The continuous XOR problem: points uniform in {@code [-1, 1]^2}, label 1 when exactly one
 * coordinate is positive. No single line separates it, so it needs a hidden layer. Input dim 2,
 * output dim 1, {@link Task#BINARY}.
 *
 * <pre>{@code
 * Dataset xor = Xor.generate(1000, new SplittableRandom(7));
 * }</pre>
 */
public final class Xor {
  private Xor() {}

  public static Dataset generate(int samples, SplittableRandom random) {
    float[] x = new float[samples * 2];
    float[] y = new float[samples];
    for (int i = 0; i < samples; i++) {
      float a = (float) (2 * random.nextDouble() - 1);
      float b = (float) (2 * random.nextDouble() - 1);
      x[2 * i] = a;
      x[2 * i + 1] = b;
      y[i] = (a > 0) != (b > 0) ? 1 : 0;
    }
    return new Dataset("xor", Task.BINARY, 2, 1, x, y);
  }
}
