package dev.neuronwatch.server.store;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's memory budget, counted in stored layers (one run's one layer: its latest sample, its
 * rule state, its exported series and its history). Thread-safe.
 *
 * <p>A stored layer costs {@value #BYTES_PER_LAYER} bytes of heap (measured with its run's history
 * full: 10.9–11.1 KB whatever the number of samples, as the history's arrays are allocated at once
 * and are most of it; about 22 exported series per layer, kept as one compact state per layer, not
 * as meters). The default budget is {@value #HEAP_SHARE} of the maximum heap at that cost, at most
 * {@value #MAX_DEFAULT_LAYERS} layers, so that a text scrape of {@code /metrics} stays well under
 * Prometheus' 10 s scrape timeout and several scrapes at once still fit in the rest of the heap.
 * One run may hold a quarter of the budget at most (and never more than the per-run layer limit),
 * so that one run cannot take it all.
 *
 * <pre>{@code
 * StoreBudget budget = StoreBudget.fromHeap(Runtime.getRuntime().maxMemory(), 512);
 * if (!budget.tryReserve(newLayers)) refuse(429, "memory budget reached");
 * }</pre>
 */
public final class StoreBudget {
  /**
   * Heap bytes per stored layer: 11 KiB, above the 10,880–11,116 bytes MemoryPerLayerMain measured
   * (used heap after five collections, before and after the pushes, over the layers stored: 40 and
   * 100 runs of 64 layers with 300 samples each, 40 runs of 500 layers with 20). It was 24,576
   * while every per-layer series was a Micrometer meter (24.3–25.3 KB measured the same way).
   */
  public static final long BYTES_PER_LAYER = 11_264;

  /** The share of the maximum heap the default budget gives to stored layers. */
  public static final double HEAP_SHARE = 0.4;

  /** The largest default budget: about 440,000 series, a text scrape of about 44 MB. */
  public static final long MAX_DEFAULT_LAYERS = 20_000;

  private final long maxLayers;
  private final int perRun;
  private final AtomicLong used = new AtomicLong();

  /**
   * @param maxLayers the stored layers the server may hold in all, at least 1
   * @param maxLayersPerRun the per-run layer limit of the configuration
   */
  public StoreBudget(long maxLayers, int maxLayersPerRun) {
    if (maxLayers < 1) {
      throw new IllegalArgumentException("maxStoredLayers must be at least 1, was " + maxLayers);
    }
    this.maxLayers = maxLayers;
    this.perRun = (int) Math.max(1, Math.min(maxLayersPerRun, maxLayers / 4));
  }

  /** The default budget for a heap of at most {@code maxHeapBytes}. */
  public static StoreBudget fromHeap(long maxHeapBytes, int maxLayersPerRun) {
    long layers = (long) (maxHeapBytes * HEAP_SHARE / BYTES_PER_LAYER);
    return new StoreBudget(Math.max(1, Math.min(MAX_DEFAULT_LAYERS, layers)), maxLayersPerRun);
  }

  /** The stored layers the server may hold in all. */
  public long maxLayers() {
    return maxLayers;
  }

  /** The most layers one run may hold. */
  public int perRun() {
    return perRun;
  }

  /** The stored layers held now. */
  public long used() {
    return used.get();
  }

  /** Takes {@code layers} from the budget if they all fit; false, taking nothing, if not. */
  public boolean tryReserve(int layers) {
    if (layers <= 0) {
      return true;
    }
    while (true) {
      long now = used.get();
      if (now + layers > maxLayers) {
        return false;
      }
      if (used.compareAndSet(now, now + layers)) {
        return true;
      }
    }
  }

  /** Gives back {@code layers} of a run that ended or started again. */
  public void release(int layers) {
    if (layers > 0) {
      used.addAndGet(-layers);
    }
  }

  /** One line for the start-up log. */
  public String describe(long maxHeapBytes) {
    return String.format(
        java.util.Locale.ROOT,
        "memory budget: %d stored layers (about %d MiB at %d bytes each, about %d series), at"
            + " most %d per run; maximum heap %d MiB",
        maxLayers,
        maxLayers * BYTES_PER_LAYER >> 20,
        BYTES_PER_LAYER,
        maxLayers * 22,
        perRun,
        maxHeapBytes >> 20);
  }
}
