package dev.neuronwatch.trainer.data;

import java.util.SplittableRandom;

/**
 * Fisher-Yates shuffling of index arrays with the run's random source.
 *
 * <pre>{@code
 * int[] order = Shuffle.identity(10);
 * Shuffle.inPlace(order, random);
 * }</pre>
 */
final class Shuffle {
  private Shuffle() {}

  static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  static void inPlace(int[] order, SplittableRandom random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
  }
}
