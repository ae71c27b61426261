package dev.neuronwatch.dl4j;

import java.util.SplittableRandom;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Three interleaved spiral arms, one class per arm (the reference network's {@code spirals}
 * dataset): not linearly separable, so a network needs its hidden layers to learn it.
 */
final class Spirals {
  static final int CLASSES = 3;

  private Spirals() {}

  /** {@code rows} examples from {@code seed}: features [rows, 2], one-hot labels [rows, 3]. */
  static DataSet generate(int rows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] x = new float[rows][2];
    float[][] y = new float[rows][CLASSES];
    for (int i = 0; i < rows; i++) {
      int c = i % CLASSES;
      double r = random.nextDouble();
      double angle = 2 * Math.PI * c / CLASSES + 4 * r + 0.2 * r * random.nextGaussian();
      x[i][0] = (float) (r * Math.sin(angle));
      x[i][1] = (float) (r * Math.cos(angle));
      y[i][c] = 1;
    }
    return new DataSet(Nd4j.create(x), Nd4j.create(y));
  }
}
