package dev.neuronwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromqlMetricNamesTest {

  @Test
  void plainSelectorIsItsMetricName() {
    assertThat(PromqlMetricNames.of("neuronwatch_run_loss"))
        .containsExactly("neuronwatch_run_loss");
  }

  @Test
  void labelMatchersAndTheirStringsAreSkipped() {
    assertThat(PromqlMetricNames.of("a_metric{run=~\"$run\", layer=\"b_not_metric}\"} > 0.5"))
        .containsExactly("a_metric");
  }

  @Test
  void functionsAggregationsAndLabelListsAreNotMetrics() {
    String expr =
        "sum by (run, layer) (increase(x_total{run=~\"$run\"}[$__rate_interval]))"
            + " / on (run) group_left (activation) count without (kind) (y)";

    assertThat(PromqlMetricNames.of(expr)).containsExactly("x_total", "y");
  }

  @Test
  void aggregationWithTrailingGroupingIsNotAMetric() {
    assertThat(PromqlMetricNames.of("max(z) by (run)")).containsExactly("z");
  }

  @Test
  void numbersDurationsOffsetsAndKeywordsAreSkipped() {
    String expr =
        "(a < 1e-3 or b < 1E+7) unless on (run, layer) (c == bool 1)"
            + " and d offset 1m < 1e-4 * max_over_time(e[1h30m:5s]) or f > Inf";

    assertThat(PromqlMetricNames.of(expr)).containsExactly("a", "b", "c", "d", "e", "f");
  }

  @Test
  void grafanaVariablesAreSkippedInBothSpellings() {
    assertThat(PromqlMetricNames.of("time() - g{run=~\"${run}\"} > $threshold"))
        .containsExactly("g");
  }

  @Test
  void stringArgumentsOfLabelReplaceAreSkipped() {
    assertThat(PromqlMetricNames.of("label_replace(h, \"dst\", \"$1\", \"src\", \"(i.*)\")"))
        .containsExactly("h");
  }

  @Test
  void colonsBelongToRecordingRuleNames() {
    assertThat(PromqlMetricNames.of("job:requests:rate5m > 1"))
        .containsExactly("job:requests:rate5m");
  }

  @Test
  void selectorWithoutMetricNameIsRejected() {
    assertThatThrownBy(() -> PromqlMetricNames.of("max({__name__=~\"x|y\"})"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("selector without a metric name");
  }

  @Test
  void unbalancedBracesAreRejected() {
    assertThatThrownBy(() -> PromqlMetricNames.of("x{run=\"a\""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unbalanced");
  }
}
