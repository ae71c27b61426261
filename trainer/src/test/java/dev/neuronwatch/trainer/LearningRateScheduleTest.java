package dev.neuronwatch.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  @Test
  void constantKeepsTheBaseRate() {
    assertThat(LearningRateSchedule.CONSTANT.rate(0.01, 1, 500)).isEqualTo(0.01);
    assertThat(LearningRateSchedule.CONSTANT.rate(0.01, 123_456, 1)).isEqualTo(0.01);
  }

  @Test
  void cosineRestartsAnnealsEachCycleAndRestartsAtTheBaseRate() {
    LearningRateSchedule cosine = LearningRateSchedule.COSINE_RESTARTS;
    assertThat(cosine.rate(0.03, 1, 500)).isEqualTo(0.03);
    assertThat(cosine.rate(0.03, 251, 500)).isCloseTo(0.015, within(1e-12));
    assertThat(cosine.rate(0.03, 500, 500)).isPositive().isLessThan(1e-6);
    assertThat(cosine.rate(0.03, 501, 500)).isEqualTo(0.03);
    assertThat(cosine.rate(0.03, 751, 500)).isCloseTo(0.015, within(1e-12));
    for (long step = 2; step <= 500; step++) {
      assertThat(cosine.rate(0.03, step, 500)).isLessThan(cosine.rate(0.03, step - 1, 500));
    }
  }

  @Test
  void aPeriodOfOneIsAConstantRate() {
    assertThat(LearningRateSchedule.COSINE_RESTARTS.rate(0.1, 7, 1)).isEqualTo(0.1);
  }
}
