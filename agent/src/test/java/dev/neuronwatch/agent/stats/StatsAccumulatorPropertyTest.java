package dev.neuronwatch.agent.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.Size;

class StatsAccumulatorPropertyTest {

  /**
   * Chan's merge equals one pass over the concatenation up to rounding: the tolerance is relative
   * to the data's scale (1e-9 of max(1, mean^2, variance)), far above double rounding of a few
   * hundred values and far below any error a wrong formula would make.
   */
  @Property(tries = 300)
  void mergeOfTwoPartsEqualsTheAccumulatorOfTheirConcatenation(
      @ForAll @Size(max = 200) List<@FloatRange(min = -1e4f, max = 1e4f) Float> left,
      @ForAll @Size(max = 200) List<@FloatRange(min = -1e4f, max = 1e4f) Float> right,
      @ForAll boolean withNonFinite) {
    StatsAccumulator first = accumulate(left, withNonFinite);
    StatsAccumulator second = accumulate(right, false);
    StatsAccumulator whole = accumulate(left, withNonFinite);
    for (Float x : right) {
      whole.add(x);
    }

    first.merge(second);

    double scale = Math.max(1, Math.max(whole.mean() * whole.mean(), whole.variance()));
    assertThat(first.count()).isEqualTo(whole.count());
    assertThat(first.mean()).isCloseTo(whole.mean(), within(1e-9 * Math.sqrt(scale)));
    assertThat(first.variance()).isCloseTo(whole.variance(), within(1e-9 * scale));
    assertThat(first.min()).isEqualTo(whole.min());
    assertThat(first.max()).isEqualTo(whole.max());
    assertThat(first.zeroFraction()).isCloseTo(whole.zeroFraction(), within(1e-15));
    assertThat(first.nanCount()).isEqualTo(whole.nanCount());
    assertThat(first.infCount()).isEqualTo(whole.infCount());
  }

  private static StatsAccumulator accumulate(List<Float> values, boolean withNonFinite) {
    StatsAccumulator stats = new StatsAccumulator();
    for (Float x : values) {
      stats.add(x);
    }
    if (withNonFinite) {
      stats.add(Float.NaN);
      stats.add(Float.NEGATIVE_INFINITY);
    }
    return stats;
  }
}
