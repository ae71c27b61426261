package dev.neuronwatch.trainer.data;

import java.util.SplittableRandom;

/**
 * Points uniform in {@code [-1, 1]^2} carrying {@value #LABELS} independent labels: label l is 1
 * when the point lies on the positive side of a fixed line (normals at 0, 120 and 240 degrees,
 * offsets 0, 0.3 and -0.3), so a point may have none, some or all labels. Input dim 2, output dim
 * {@value #LABELS}, {@link Task#BINARY}.
 *
 * <pre>{@code
 * Dataset labels = MultiLabel.generate(1000, new SplittableRandom(7));
 * }</pre>
 */
public final class MultiLabel {
  public static final int LABELS = 3;

  private static final double[] OFFSETS = {0.0, 0.3, -0.3};

  private MultiLabel() {}

  public static Dataset generate(int samples, SplittableRandom random) {
    float[] x = new float[samples * 2];
    float[] y = new float[samples * LABELS];
    for (int i = 0; i < samples; i++) {
      float a = (float) (2 * random.nextDouble() - 1);
      float b = (float) (2 * random.nextDouble() - 1);
      x[2 * i] = a;
      x[2 * i + 1] = b;
      for (int l = 0; l < LABELS; l++) {
        double angle = 2 * Math.PI * l / LABELS;
        double side = Math.cos(angle) * a + Math.sin(angle) * b - OFFSETS[l];
        y[i * LABELS + l] = side > 0 ? 1 : 0;
      }
    }
    return new Dataset("multi-label", Task.BINARY, 2, LABELS, x, y);
  }
}
