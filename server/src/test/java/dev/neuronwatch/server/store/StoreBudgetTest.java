package dev.neuronwatch.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StoreBudgetTest {
  private static final long GIB = 1L << 30;

  @Test
  void theDefaultBudgetIsAShareOfTheHeapAtTheMeasuredCostPerLayerUpToTheScrapeCap() {
    for (long heap : new long[] {GIB / 4, GIB / 16}) {
      assertThat(StoreBudget.fromHeap(heap, 512).maxLayers())
          .isEqualTo((long) (heap * StoreBudget.HEAP_SHARE / StoreBudget.BYTES_PER_LAYER));
    }
    assertThat(StoreBudget.fromHeap(64 * GIB, 512).maxLayers())
        .isEqualTo(StoreBudget.MAX_DEFAULT_LAYERS);
  }

  @Test
  void oneRunMayHoldAQuarterOfTheBudgetAtMostAndNeverMoreThanTheLayerLimit() {
    assertThat(new StoreBudget(8, 512).perRun()).isEqualTo(2);
    assertThat(new StoreBudget(20_000, 512).perRun()).isEqualTo(512);
    assertThat(new StoreBudget(2, 512).perRun()).isEqualTo(1);
  }

  @Test
  void reservesUpToTheBudgetAndReleasesWhatRunsGiveBack() {
    StoreBudget budget = new StoreBudget(5, 512);

    assertThat(budget.tryReserve(3)).isTrue();
    assertThat(budget.tryReserve(3)).isFalse();
    assertThat(budget.used()).isEqualTo(3);
    budget.release(2);
    assertThat(budget.tryReserve(4)).isTrue();
    assertThat(budget.used()).isEqualTo(5);
  }

  @Test
  void aBudgetBelowOneLayerIsRefused() {
    assertThatThrownBy(() -> new StoreBudget(0, 512))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxStoredLayers");
  }
}
