package dev.neuronwatch.agent.stats;

/**
 * The sums a {@link FloatKernel} keeps for the norms of up to three arrays read in one pass: per
 * array, the sum of squares and of absolute values of its finite elements, and its finite and NaN
 * counts (the rest are infinite). Mutable scratch, reused: nothing is allocated per call.
 */
final class NormSums {
  static final int SLOTS = 3;

  final double[] sumOfSquares = new double[SLOTS];
  final double[] sumOfAbs = new double[SLOTS];
  final long[] finite = new long[SLOTS];
  final long[] nan = new long[SLOTS];
  final long[] inf = new long[SLOTS];

  void clear() {
    for (int s = 0; s < SLOTS; s++) {
      sumOfSquares[s] = 0;
      sumOfAbs[s] = 0;
      finite[s] = 0;
      nan[s] = 0;
      inf[s] = 0;
    }
  }
}
