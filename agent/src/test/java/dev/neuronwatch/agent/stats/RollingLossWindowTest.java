package dev.neuronwatch.agent.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuronwatch.protocol.LossWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RollingLossWindowTest {

  /** Median of the values, by sorting a copy: the textbook definition. */
  private static double referenceMedian(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double referenceMad(List<Double> values) {
    double median = referenceMedian(values);
    List<Double> deviations = new ArrayList<>();
    values.forEach(v -> deviations.add(Math.abs(v - median)));
    return referenceMedian(deviations);
  }

  @Test
  void matchesASortedCopyOfTheLastLossesAtEveryStep() {
    Random random = new Random(7);
    RollingLossWindow window = new RollingLossWindow(33);
    List<Double> all = new ArrayList<>();
    for (int step = 0; step < 500; step++) {
      // Ties, negatives, signed zeros and non-finite losses, which must be skipped.
      double loss =
          switch (random.nextInt(8)) {
            case 0 -> Math.round(random.nextGaussian() * 2) / 2.0;
            case 1 -> random.nextBoolean() ? 0.0 : -0.0;
            case 2 -> step % 50 == 0 ? Double.NaN : Double.POSITIVE_INFINITY;
            default -> random.nextGaussian() * 3 + 1;
          };
      window.add(loss);
      if (Double.isFinite(loss)) {
        all.add(loss);
      }
      List<Double> last = all.subList(Math.max(0, all.size() - 33), all.size());

      assertThat(window.count()).isEqualTo(last.size());
      if (!last.isEmpty()) {
        assertThat(window.median()).as("median at %d", step).isEqualTo(referenceMedian(last));
        assertThat(window.mad()).as("mad at %d", step).isEqualTo(referenceMad(last));
      }
    }
  }

  @Test
  void firstIsTheMedianOfTheFirstFullWindowAndOfWhatThereIsBefore() {
    RollingLossWindow window = new RollingLossWindow(4);
    assertThat(window.summary()).isNull();
    window.add(5);
    window.add(3);
    assertThat(window.first()).isEqualTo(4.0);
    window.add(1);
    window.add(2);
    assertThat(window.first()).isEqualTo(2.5);
    for (int i = 0; i < 10; i++) {
      window.add(0.1);
    }
    assertThat(window.summary()).isEqualTo(new LossWindow(4, 0.1, 0, 2.5));
  }

  @Test
  void aSpikeNeedsThirtyTwoLossesSixMadsAndTwiceTheMedian() {
    RollingLossWindow window = new RollingLossWindow(128);
    double[] noisy = new double[31];
    for (int i = 0; i < noisy.length; i++) {
      noisy[i] = 1.0 + (i % 2 == 0 ? 0.01 : -0.01) * (i % 5);
      window.add(noisy[i]);
    }
    assertThat(window.isSpike(100)).as("31 losses are too few").isFalse();
    window.add(1.0);
    double median = window.median();
    double mad = window.mad();
    assertThat(median).isEqualTo(1.0);
    assertThat(mad).isGreaterThan(0);

    assertThat(window.isSpike(100)).isTrue();
    assertThat(window.isSpike(Math.nextDown(2 * median))).as("not twice the median").isFalse();
    assertThat(window.isSpike(2.0001)).isTrue();
    assertThat(window.isSpike(Double.NaN)).isFalse();
    assertThat(window.isSpike(Double.POSITIVE_INFINITY)).isFalse();
  }

  @Test
  void withANonPositiveMedianOnlyTheMadsDecide() {
    RollingLossWindow window = new RollingLossWindow(64);
    for (int i = 0; i < 64; i++) {
      window.add(-5 + (i % 3) * 0.1);
    }
    double limit = window.median() + 6 * 1.4826 * window.mad();

    assertThat(window.isSpike(Math.nextUp(limit))).isTrue();
    assertThat(window.isSpike(limit)).isFalse();
  }

  @Test
  void rejectsACapacityOutsideTheWireLimits() {
    assertThatThrownBy(() -> new RollingLossWindow(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity must be in [1, 65536], was 0");
    assertThatThrownBy(() -> new RollingLossWindow(LossWindow.MAX_COUNT + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity must be in [1, 65536], was 65537");
    assertThat(new RollingLossWindow(LossWindow.MAX_COUNT).count()).isZero();
  }
}
