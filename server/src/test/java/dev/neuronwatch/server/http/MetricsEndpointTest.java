package dev.neuronwatch.server.http;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.push;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.model.ActivationKind;
import dev.neuronwatch.model.AgentCounters;
import dev.neuronwatch.model.GradientSummary;
import dev.neuronwatch.model.TensorSummary;
import dev.neuronwatch.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
  private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String OPEN_METRICS =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private static TestServer serverWithOneRun() {
    TestServer server = TestServer.start();
    server.push(
        push(
            "mnist",
            new AgentCounters(3, 2, 0, 0),
            step(
                7,
                layer("dense_0", 0, ActivationKind.RELU)
                    .dead(0.9)
                    .output(new TensorSummary(60, 0.5, 0.25, 0, 3, 0.4, 3, 1))
                    .gradient(new GradientSummary(0.002, 0.001, 0.01, 1e-4, 0, 0))
                    .weights(4, 1e-3)
                    .build(),
                layer("out", 1, ActivationKind.SIGMOID).saturation(0.2).gradient(0.5).build())));
    return server;
  }

  @Test
  void answersPrometheusTextByDefaultAndOpenMetricsWhenAsked() {
    try (TestServer server = serverWithOneRun()) {
      HttpResponse<String> text = server.get("/metrics");
      HttpResponse<String> openMetrics =
          server.get("/metrics", "application/openmetrics-text; version=1.0.0,text/plain;q=0.5");

      assertThat(text.statusCode()).isEqualTo(200);
      assertThat(text.headers().firstValue("Content-Type")).hasValue(TEXT);
      assertThat(text.body()).doesNotContain("# EOF");
      assertThat(openMetrics.headers().firstValue("Content-Type")).hasValue(OPEN_METRICS);
      assertThat(openMetrics.body()).endsWith("# EOF\n");
      // OpenMetrics names the counter family without _total, Prometheus text with it.
      assertThat(openMetrics.body()).contains("# TYPE neuronwatch_ingest_reports counter\n");
      assertThat(text.body()).contains("# TYPE neuronwatch_ingest_reports_total counter\n");
    }
  }

  @Test
  void neverAnswersProtobufWhateverTheAcceptHeaderSays() {
    try (TestServer server = serverWithOneRun()) {
      HttpResponse<String> response =
          server.get(
              "/metrics",
              "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                  + "encoding=delimited");

      assertThat(response.headers().firstValue("Content-Type")).hasValue(TEXT);
      assertThat(response.body()).contains("neuronwatch_runs 1.0\n");
    }
  }

  @Test
  void writesTheExpectedSeriesLines() {
    try (TestServer server = serverWithOneRun()) {
      String body = server.get("/metrics").body();

      assertThat(body.lines())
          .contains(
              "# TYPE neuronwatch_layer_dead_units_ratio gauge",
              "neuronwatch_layer_dead_units_ratio{activation=\"relu\",layer=\"dense_0\","
                  + "run=\"mnist\"} 0.9",
              "neuronwatch_layer_activation_mean{activation=\"relu\",layer=\"dense_0\","
                  + "run=\"mnist\"} 0.5",
              "neuronwatch_layer_activation_stddev{activation=\"relu\",layer=\"dense_0\","
                  + "run=\"mnist\"} 0.5",
              "neuronwatch_layer_activation_max{activation=\"relu\",layer=\"dense_0\","
                  + "run=\"mnist\"} 3.0",
              "neuronwatch_layer_zero_ratio{activation=\"relu\",layer=\"dense_0\","
                  + "run=\"mnist\"} 0.4",
              "neuronwatch_layer_gradient_depth_ratio{activation=\"relu\",layer=\"dense_0\","
                  + "run=\"mnist\"} 0.004",
              "neuronwatch_layer_gradient_weight_mean_abs{activation=\"relu\",layer=\"dense_0\","
                  + "run=\"mnist\"} 1.0E-4",
              "neuronwatch_layer_saturation_ratio{activation=\"sigmoid\",layer=\"out\","
                  + "run=\"mnist\"} 0.2",
              "# TYPE neuronwatch_layer_nonfinite_values_total counter",
              "neuronwatch_layer_nonfinite_values_total{kind=\"nan\",layer=\"dense_0\","
                  + "run=\"mnist\",tensor=\"output\"} 3.0",
              "neuronwatch_layer_nonfinite_values_total{kind=\"inf\",layer=\"dense_0\","
                  + "run=\"mnist\",tensor=\"output\"} 1.0",
              "neuronwatch_alerts{alertname=\"NeuronwatchNonFiniteValues\",layer=\"dense_0\","
                  + "run=\"mnist\",state=\"firing\"} 1.0",
              "neuronwatch_alerts{alertname=\"NeuronwatchDyingRelu\",layer=\"dense_0\","
                  + "run=\"mnist\",state=\"pending\"} 1.0",
              "# TYPE neuronwatch_run_last_push_timestamp_seconds gauge",
              "neuronwatch_run_last_push_timestamp_seconds{run=\"mnist\"} 1.7958672E9",
              "neuronwatch_run_step{run=\"mnist\"} 7.0",
              "neuronwatch_run_samples_total{run=\"mnist\"} 1.0",
              "# TYPE neuronwatch_agent_samples_taken gauge",
              "neuronwatch_agent_samples_taken{run=\"mnist\"} 3.0",
              "neuronwatch_ingest_rejected_total{reason=\"invalid_json\"} 0.0",
              "neuronwatch_runs 1.0");
    }
  }

  @Test
  void exportsExactlyTheDocumentedFamiliesAndNeverAStepLabel() throws IOException {
    try (TestServer server = serverWithOneRun()) {
      String body = server.get("/metrics").body();

      Set<String> families =
          body.lines()
              .filter(line -> line.startsWith("# TYPE "))
              .map(line -> line.split(" ")[2])
              // The server's own health families are checked by ServerHealthMetricsTest.
              .filter(family -> family.startsWith("neuronwatch_"))
              .collect(Collectors.toCollection(TreeSet::new));
      assertThat(families)
          .containsExactlyInAnyOrderElementsOf(documentedFamilies());
      assertThat(body).doesNotContain("step=\"");
    }
  }

  /** The families listed in {@code metric-families.txt}, which the deploy checks read as well. */
  private static List<String> documentedFamilies() throws IOException {
    try (InputStream in = MetricsEndpointTest.class.getResourceAsStream("/metric-families.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .filter(family -> family.startsWith("neuronwatch_"))
          .toList();
    }
  }
}
