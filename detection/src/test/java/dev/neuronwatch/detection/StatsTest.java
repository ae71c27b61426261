package dev.neuronwatch.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void medianOfOddCountIsTheMiddleValue() {
    assertThat(Stats.median(List.of(5L, 1L, 3L))).isEqualTo(3.0);
  }

  @Test
  void medianOfEvenCountAveragesTheTwoMiddleValues() {
    assertThat(Stats.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
  }

  @Test
  void medianOfNothingIsNaN() {
    assertThat(Stats.median(List.<Long>of())).isNaN();
  }
}
