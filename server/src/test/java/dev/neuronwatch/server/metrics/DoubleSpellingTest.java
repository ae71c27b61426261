package dev.neuronwatch.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DoubleSpellingTest {
  private final Random random = new Random(20261208);

  private static List<String> mismatches(double[] values) {
    List<String> wrong = new ArrayList<>();
    for (double value : values) {
      String expected = Double.toString(value);
      String spelled = DoubleSpelling.of(value);
      if (!spelled.equals(expected) && wrong.size() < 10) {
        wrong.add(expected + " spelled " + spelled);
      }
    }
    return wrong;
  }

  @Test
  void spellsRandomValuesOfEveryBinadeOfTheFastWindowAsDoubleToString() {
    int perBinade = 2_000;
    double[] values = new double[(52 + 70 + 1) * perBinade];
    int i = 0;
    for (int exponent = -70; exponent <= 52; exponent++) {
      for (int n = 0; n < perBinade; n++) {
        long mantissa = random.nextLong() & ((1L << 52) - 1);
        double value = Double.longBitsToDouble(((long) (exponent + 1023) << 52) | mantissa);
        values[i++] = random.nextBoolean() ? value : -value;
      }
    }

    assertThat(mismatches(values)).isEmpty();
  }

  @Test
  void spellsShortDecimalsAndTheirNeighboursAsDoubleToString() {
    List<Double> values = new ArrayList<>();
    for (int digits = 1; digits <= 17; digits++) {
      for (int exponent = -25; exponent <= 20; exponent++) {
        for (int n = 0; n < 100; n++) {
          long significand = 1 + (long) (random.nextDouble() * Math.pow(10, digits));
          double value = Double.parseDouble(significand + "E" + exponent);
          values.add(value);
          values.add(Math.nextUp(value));
          values.add(Math.nextDown(value));
        }
      }
    }

    assertThat(mismatches(values.stream().mapToDouble(Double::doubleValue).toArray())).isEmpty();
  }

  @Test
  void spellsTheWindowsEdgesAndWhatLiesOutsideItAsDoubleToString() {
    double[] values = {
      DoubleSpelling.FAST_MIN,
      Math.nextDown(DoubleSpelling.FAST_MIN),
      DoubleSpelling.FAST_LIMIT,
      Math.nextDown(DoubleSpelling.FAST_LIMIT),
      -DoubleSpelling.FAST_LIMIT,
      2.82879384806159E17, // JDK 17 spells it with three more digits
      2e23,
      1e23,
      1e-5,
      0.001,
      9_999_999.0,
      10_000_000.0,
      Double.MIN_VALUE,
      Double.MIN_NORMAL,
      Double.MAX_VALUE,
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      0.0,
      -0.0,
      1.0,
      -1.0,
      0.1,
      42.0
    };

    assertThat(mismatches(values)).isEmpty();
    assertThat(DoubleSpelling.of(0.25)).isEqualTo("0.25");
    assertThat(DoubleSpelling.of(1.5e-7)).isEqualTo("1.5E-7");
  }
}
