package dev.neuronwatch.server.http;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.push;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.AgentCounters;
import dev.neuronwatch.protocol.GradientSummary;
import dev.neuronwatch.protocol.LossWindow;
import dev.neuronwatch.protocol.TensorSummary;
import dev.neuronwatch.server.testing.Scrape;
import dev.neuronwatch.server.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
  private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String OPEN_METRICS =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  /** Three clean samples (the growth baseline), then one with every kind of value. */
  private static TestServer serverWithOneRun() {
    TestServer server = TestServer.start();
    LossWindow window = new LossWindow(40, 0.4, 0.05, 0.9);
    for (long step = 4; step <= 6; step++) {
      server.push(
          push(
              "mnist",
              step(
                  step,
                  0.5,
                  window,
                  layer("dense_0", 0, ActivationKind.RELU).gradient(0.001).build(),
                  layer("act", 1, ActivationKind.PRELU).build(),
                  layer("out", 2, ActivationKind.SIGMOID).gradient(0.5).build())));
    }
    server.push(
        push(
            "mnist",
            new AgentCounters(3, 2, 0, 0),
            step(
                7,
                0.45,
                window,
                layer("dense_0", 0, ActivationKind.RELU)
                    .dead(0.9)
                    .output(new TensorSummary(60, 0.5, 0.25, 0, 3, 0.4, 3, 1))
                    .gradient(new GradientSummary(0.002, 0.001, 0.01, 1e-4, 0, 0))
                    .weights(4, 1e-3)
                    .build(),
                layer("act", 1, ActivationKind.PRELU)
                    .negative(0.3)
                    .alpha(0.2, 0.05)
                    .weightNorm(null)
                    .updateRatio(2e-3)
                    .nonFiniteParameters(5L, 2L)
                    .build(),
                layer("out", 2, ActivationKind.SIGMOID)
                    .saturation(0.2)
                    .gain(0.6)
                    .gradient(0.5)
                    .build())));
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
  void aScraperAcceptingGzipReadsTheSamePage() throws IOException, InterruptedException {
    try (TestServer server = serverWithOneRun()) {
      HttpResponse<byte[]> zipped =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(server.uri("/metrics"))
                      .header("Accept-Encoding", "gzip")
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());

      // The page is streamed: Javalin still compresses it, as it did the page sent whole.
      assertThat(zipped.statusCode()).isEqualTo(200);
      assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
      byte[] body = new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes();
      String page = new String(body, StandardCharsets.UTF_8);
      assertThat(Scrape.parse(page).all()).isEqualTo(server.scrape().all());
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
              "neuronwatch_run_samples_total{run=\"mnist\"} 4.0",
              "neuronwatch_layer_gradient_growth_ratio{activation=\"relu\",layer=\"dense_0\","
                  + "run=\"mnist\"} 2.0",
              "neuronwatch_layer_gradient_decay_ratio{activation=\"relu\",layer=\"dense_0\","
                  + "run=\"mnist\"} 1.0",
              "neuronwatch_layer_depth{activation=\"sigmoid\",layer=\"out\",run=\"mnist\"} 2.0",
              "neuronwatch_layer_negative_units_ratio{activation=\"prelu\",layer=\"act\","
                  + "run=\"mnist\"} 0.3",
              "neuronwatch_layer_prelu_alpha_mean{activation=\"prelu\",layer=\"act\","
                  + "run=\"mnist\"} 0.2",
              "neuronwatch_layer_prelu_alpha_min{activation=\"prelu\",layer=\"act\","
                  + "run=\"mnist\"} 0.05",
              "neuronwatch_layer_activation_gain{activation=\"sigmoid\",layer=\"out\","
                  + "run=\"mnist\"} 0.6",
              // Weights holding NaN or Inf: the norm is NaN, never the norm of the finite part.
              "neuronwatch_layer_weight_norm{activation=\"prelu\",layer=\"act\",run=\"mnist\"}"
                  + " NaN",
              "neuronwatch_layer_nonfinite_values_total{kind=\"nan_or_inf\",layer=\"act\","
                  + "run=\"mnist\",tensor=\"weights\"} 5.0",
              "neuronwatch_layer_nonfinite_values_total{kind=\"nan_or_inf\",layer=\"act\","
                  + "run=\"mnist\",tensor=\"update\"} 2.0",
              "neuronwatch_run_loss_window_median{run=\"mnist\"} 0.4",
              "neuronwatch_run_loss_window_mad{run=\"mnist\"} 0.05",
              "neuronwatch_run_loss_window_first{run=\"mnist\"} 0.9",
              "neuronwatch_run_loss_window_steps{run=\"mnist\"} 40.0",
              "neuronwatch_alert_firings_total{alertname=\"NeuronwatchNonFiniteValues\","
                  + "layer=\"dense_0\",run=\"mnist\"} 1.0",
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
      assertThat(families).containsExactlyInAnyOrderElementsOf(documentedFamilies());
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
