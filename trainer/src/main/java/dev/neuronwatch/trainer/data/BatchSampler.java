package dev.neuronwatch.trainer.data;

import java.util.SplittableRandom;

/**
 * Draws mini-batches without replacement: each epoch visits the rows in a fresh random order, and
 * the rows left over when fewer than a batch remain are skipped until the next epoch.
 *
 * <pre>{@code
 * BatchSampler batches = new BatchSampler(train, 64, random);
 * batches.next(x, y);   // fills 64 rows of x and y
 * }</pre>
 */
public final class BatchSampler {
  private final Dataset data;
  private final int batchSize;
  private final SplittableRandom random;
  private final int[] order;
  private int position;

  public BatchSampler(Dataset data, int batchSize, SplittableRandom random) {
    if (batchSize < 1 || batchSize > data.rows()) {
      throw new IllegalArgumentException(
          "batchSize must be in [1, " + data.rows() + "], was " + batchSize);
    }
    this.data = data;
    this.batchSize = batchSize;
    this.random = random;
    this.order = Shuffle.identity(data.rows());
    this.position = order.length;
  }

  public int batchSize() {
    return batchSize;
  }

  /** Copies the next {@link #batchSize()} examples into the front of the buffers. */
  public void next(float[] inputs, float[] targets) {
    if (position + batchSize > order.length) {
      Shuffle.inPlace(order, random);
      position = 0;
    }
    for (int i = 0; i < batchSize; i++) {
      data.copyRow(order[position + i], inputs, targets, i);
    }
    position += batchSize;
  }
}
