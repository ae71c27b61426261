package dev.neuronwatch.agent.stats;

/**
 * What a {@link FloatKernel} found in one chunk of float32 data, relative to a shift {@code k}:
 * counts, the sums of {@code x - k} and {@code (x - k)^2} over the finite values, and their minimum
 * and maximum. Mutable scratch, reused from chunk to chunk: nothing is allocated per call.
 */
final class ChunkSums {
  int finite;
  int zeros;
  int nan;
  int inf;
  double sumOfDeviations;
  double sumOfSquaredDeviations;
  float min;
  float max;

  void clear() {
    finite = 0;
    zeros = 0;
    nan = 0;
    inf = 0;
    sumOfDeviations = 0;
    sumOfSquaredDeviations = 0;
    min = Float.POSITIVE_INFINITY;
    max = Float.NEGATIVE_INFINITY;
  }
}
