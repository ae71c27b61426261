package dev.neuronwatch.server.metrics;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.server.rules.GradientHistory;
import dev.neuronwatch.server.store.RunStore;
import dev.neuronwatch.server.testing.Promtool;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MetricsExpositionTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final TrainingMetrics metrics = new TrainingMetrics(registry, new RunStore());
  private final MetricsExposition exposition = new MetricsExposition(registry, metrics);

  private String page(ExpositionFormat format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    exposition.write(out, format);
    return out.toString(StandardCharsets.UTF_8);
  }

  private void applyTwoRuns() {
    GradientHistory history = new GradientHistory();
    for (String run : List.of("a", "b")) {
      metrics.sampleApplied(
          history.observe(
              run,
              step(
                  1,
                  layer("dense", 0, ActivationKind.RELU).gradient(0.5).build(),
                  layer("out", 1, ActivationKind.SIGMOID).build())));
    }
  }

  @Test
  void anOpenMetricsPageEndsWithExactlyOneEof() throws IOException {
    assertThat(page(ExpositionFormat.OPEN_METRICS)).endsWith("\n# EOF\n").containsOnlyOnce("# EOF");

    applyTwoRuns();

    assertThat(page(ExpositionFormat.OPEN_METRICS)).endsWith("\n# EOF\n").containsOnlyOnce("# EOF");
    assertThat(page(ExpositionFormat.PROMETHEUS_TEXT)).doesNotContain("# EOF");
  }

  @Test
  void theLayerFamiliesTakeTheirPlaceInNameOrderAmongTheRegistrysFamilies() throws IOException {
    applyTwoRuns();

    List<String> families =
        page(ExpositionFormat.OPEN_METRICS)
            .lines()
            .filter(line -> line.startsWith("# TYPE "))
            .map(line -> line.split(" ")[2])
            .toList();

    assertThat(families).isSorted().doesNotHaveDuplicates();
    assertThat(families)
        .contains(
            "neuronwatch_layer_depth", "neuronwatch_layer_nonfinite_values", "neuronwatch_runs");
  }

  @Test
  void aLayerWithoutAnyValueOfAFamilyLeavesTheFamilyOut() throws IOException {
    applyTwoRuns();

    String page = page(ExpositionFormat.PROMETHEUS_TEXT);

    // Only ReLU layers have a dead-unit ratio, only sigmoid ones a saturation ratio; no PReLU here.
    assertThat(page).contains("# TYPE neuronwatch_layer_dead_units_ratio gauge\n");
    assertThat(page).doesNotContain("neuronwatch_layer_prelu_alpha_mean");
  }

  @Test
  void pagesWrittenWhileRunsComeAndGoStayValid() throws Exception {
    GradientHistory history = new GradientHistory();
    AtomicBoolean done = new AtomicBoolean();
    Thread writer =
        new Thread(
            () -> {
              for (long s = 1; !done.get(); s++) {
                String run = "r" + (s % 50);
                ActivationKind activation = s % 3 == 0 ? ActivationKind.GELU : ActivationKind.RELU;
                metrics.sampleApplied(
                    history.observe(
                        run,
                        step(
                            s,
                            layer("dense", 0, activation).gradient(0.5).build(),
                            layer("out", 1, ActivationKind.SIGMOID).build())));
                if (s % 7 == 0) {
                  metrics.runEnded("r" + (s % 50));
                }
              }
            });
    writer.start();
    try {
      for (int i = 0; i < 10; i++) {
        Promtool.assertValidExposition(page(ExpositionFormat.PROMETHEUS_TEXT));
        assertThat(page(ExpositionFormat.OPEN_METRICS)).containsOnlyOnce("# EOF");
      }
    } finally {
      done.set(true);
      writer.join();
    }
  }

  @Test
  void anEndedRunLeavesThePage() throws IOException {
    applyTwoRuns();

    metrics.runEnded("a");

    String page = page(ExpositionFormat.PROMETHEUS_TEXT);
    assertThat(page).doesNotContain("run=\"a\"").contains("run=\"b\"");
  }
}
