package dev.neuronwatch.agent.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeadUnitTrackerTest {

  private final DeadUnitTracker tracker = new DeadUnitTracker();

  @Test
  void deadFractionCountsUnitsZeroForWholeBatch() {
    // 3 rows x 4 units: unit 0 fires in row 2 only, unit 1 never, unit 2 always, unit 3 never.
    float[] relu = {
      0f, 0f, 1f, 0f,
      0f, 0f, 2f, 0f,
      5f, 0f, 3f, 0f
    };

    assertThat(tracker.deadFraction("dense_0", relu, 3, 4)).isEqualTo(0.5);
  }

  @Test
  void negativeFractionCountsUnitsBelowZeroForWholeBatchButNotExactZeros() {
    // 2 rows x 3 units: unit 0 negative throughout, unit 1 positive once, unit 2 exactly 0 once.
    float[] leaky = {
      -0.01f, 0.3f, -0.2f,
      -0.02f, -0.1f, 0f
    };

    assertThat(tracker.negativeFraction("leaky", leaky, 2, 3)).isEqualTo(1.0 / 3);
    assertThat(tracker.deadFraction("leaky", leaky, 2, 3)).isEqualTo(2.0 / 3);
  }

  @Test
  void readsOnlyTheBatchRowsAndCountsNanAsNotDead() {
    float[] output = {
      0f, Float.NaN,
      0f, 0f,
      9f, 9f // beyond batch = 2, must be ignored
    };

    assertThat(tracker.deadFraction("l", output, 2, 2)).isEqualTo(0.5);
  }

  @Test
  void reusesTheLayersScratchBufferAcrossSteps() {
    float[] allDead = new float[8];
    float[] allAlive = {1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f};

    assertThat(tracker.deadFraction("dense_1", allDead, 2, 4)).isEqualTo(1.0);
    float[] first = tracker.scratch("dense_1", 4);
    assertThat(tracker.deadFraction("dense_1", allAlive, 2, 4)).isEqualTo(0.0);
    assertThat(tracker.deadFraction("dense_1", allDead, 1, 4)).isEqualTo(1.0);

    assertThat(tracker.scratch("dense_1", 4)).isSameAs(first);
    assertThat(tracker.scratch("dense_2", 4)).isNotSameAs(first);
  }

  @Test
  void rejectsAnOutputShorterThanBatchTimesUnits() {
    assertThatThrownBy(() -> tracker.deadFraction("l", new float[5], 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("output holds 5 values, batch x units needs 6");
  }

  /** Over seeded random batches with zeros of both signs, NaN and infinities: the definitions. */
  @org.junit.jupiter.params.ParameterizedTest(name = "seed {0}")
  @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void agreesWithTheDefinitionsOnRandomBatches(long seed) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    int batch = 1 + random.nextInt(40);
    int units = 1 + random.nextInt(70);
    float[] output = new float[batch * units + random.nextInt(5)];
    float[] palette = {0f, -0f, 1f, -1f, Float.NaN, Float.NEGATIVE_INFINITY, 1e-40f, -1e-40f};
    for (int i = 0; i < output.length; i++) {
      output[i] = palette[random.nextInt(random.nextBoolean() ? 2 : palette.length)];
    }
    int dead = 0;
    int negative = 0;
    for (int unit = 0; unit < units; unit++) {
      boolean allAtMostZero = true;
      boolean allBelowZero = true;
      for (int row = 0; row < batch; row++) {
        float x = output[row * units + unit];
        allAtMostZero &= x <= 0f;
        allBelowZero &= x < 0f;
      }
      dead += allAtMostZero ? 1 : 0;
      negative += allBelowZero ? 1 : 0;
    }
    DeadUnitTracker tracker = new DeadUnitTracker();

    assertThat(tracker.deadFraction("l", output, batch, units)).isEqualTo((double) dead / units);
    assertThat(tracker.negativeFraction("l", output, batch, units))
        .isEqualTo((double) negative / units);
  }
}
