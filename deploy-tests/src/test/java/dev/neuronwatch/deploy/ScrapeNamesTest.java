package dev.neuronwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScrapeNamesTest {

  @Test
  void namesEverySeriesOnceAndSkipsComments() {
    String scrape =
        "# HELP neuronwatch_runs Runs known\n"
            + "# TYPE neuronwatch_runs gauge\n"
            + "neuronwatch_runs 2.0\n"
            + "# TYPE neuronwatch_run_samples_total counter\n"
            + "neuronwatch_run_samples_total{run=\"a\"} 10.0\n"
            + "neuronwatch_run_samples_total{run=\"b\"} 4.0\n"
            + "neuronwatch_run_last_push_timestamp_seconds{run=\"a\"} 1.7E9\n"
            + "\n"
            + "# EOF\n";

    assertThat(ScrapeNames.of(scrape))
        .containsExactly(
            "neuronwatch_run_last_push_timestamp_seconds",
            "neuronwatch_run_samples_total",
            "neuronwatch_runs");
  }

  @Test
  void rejectsALineThatIsNeitherCommentNorSample() {
    assertThatThrownBy(() -> ScrapeNames.of("{run=\"a\"} 1\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a sample line");
  }
}
