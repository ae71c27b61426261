package dev.neuronwatch.server.http;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.nonFiniteLossStep;
import static dev.neuronwatch.server.testing.Samples.push;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.AgentCounters;
import dev.neuronwatch.protocol.GradientSummary;
import dev.neuronwatch.protocol.LossWindow;
import dev.neuronwatch.protocol.TensorSummary;
import dev.neuronwatch.server.testing.Promtool;
import dev.neuronwatch.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} writes the training families ({@code neuronwatch_*}) exactly as recorded in the
 * golden files, in both formats: the same families in the same order, the same HELP and TYPE lines,
 * the same series with the same label sets and values. Only the order of the series inside a family
 * is free (Prometheus does not read it), so each family's series are compared sorted. The server's
 * health families (JVM, process, HTTP) vary from scrape to scrape and are left out.
 *
 * <p>The goldens were written by the Micrometer-only exposition (every value a meter); run with
 * {@code -Dneuronwatch.parity.write=true} to rewrite them from the current code.
 */
class MetricsParityTest {
  private static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0";

  /**
   * Several runs, layers of several activations, non-finite counts in every tensor, values that
   * come and go, a layer that changes activation, and a run deleted after its pushes.
   */
  private static TestServer serverWithSeveralRuns() {
    TestServer server = TestServer.start();
    LossWindow window = new LossWindow(40, 0.4, 0.05, 0.9);
    for (long s = 1; s <= 3; s++) {
      server.push(
          push(
              "mnist",
              step(
                  s,
                  0.5,
                  window,
                  layer("dense_0", 0, ActivationKind.RELU).gradient(0.01).weights(4, 1e-3).build(),
                  layer("act", 1, ActivationKind.PRELU).alpha(0.2, 0.05).negative(0.1).build(),
                  layer("out", 2, ActivationKind.SIGMOID).gradient(0.5).build())));
    }
    server.push(
        push(
            "mnist",
            new AgentCounters(9, 8, 1, 0),
            step(
                4,
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
                    .gradient(new GradientSummary(0.5, 0.1, 0.2, 0.01, 7, 2))
                    .build())));
    // A layer changes activation; another loses its gradient; one output is all non-finite.
    server.push(
        push(
            "team/run-7",
            step(
                10,
                layer("conv1.block:a", 0, ActivationKind.RELU).gradient(0.3).build(),
                layer("swap", 1, ActivationKind.RELU).gradient(0.2).weights(2, 1e-4).build(),
                layer("head", 2, ActivationKind.SOFTMAX).gradient(0.1).build())));
    server.push(
        push(
            "team/run-7",
            nonFiniteLossStep(
                11,
                layer("conv1.block:a", 0, ActivationKind.RELU).build(),
                layer("swap", 1, ActivationKind.GELU).gradient(0.25).build(),
                layer("head", 2, ActivationKind.SOFTMAX)
                    .output(new TensorSummary(0, 0, 0, 0, 0, 0, 40, 24))
                    .gradient(0.1)
                    .build())));
    server.push(
        push(
            "tanh-run",
            step(
                1,
                layer("h", 0, ActivationKind.TANH).gradient(1e-9).weights(1e-3, 1e-12).build(),
                layer("e", 1, ActivationKind.ELU).negative(0.02).build(),
                layer("l", 2, ActivationKind.LEAKY_RELU).negative(0.5).gradient(1e6).build(),
                layer("s", 3, ActivationKind.SWISH).build(),
                layer("o", 4, ActivationKind.LINEAR).gradient(2.5).build())));
    server.push(push("doomed", step(1, layer("dense_0", 0, ActivationKind.RELU).build())));
    assertThat(server.call("DELETE", "/api/v1/runs/doomed").statusCode()).isEqualTo(204);
    return server;
  }

  @Test
  void prometheusTextMatchesTheGolden() throws IOException {
    try (TestServer server = serverWithSeveralRuns()) {
      String body = server.get("/metrics").body();

      assertThat(body).doesNotContain("# EOF").doesNotContain("run=\"doomed\"");
      assertMatchesGolden(body, "metrics-parity/prometheus-text.txt");
      Promtool.assertValidExposition(body);
    }
  }

  @Test
  void openMetricsMatchesTheGoldenAndEndsWithOneEof() throws IOException {
    try (TestServer server = serverWithSeveralRuns()) {
      String body = server.get("/metrics", OPEN_METRICS).body();

      assertThat(body).endsWith("# EOF\n");
      assertThat(body.indexOf("# EOF")).isEqualTo(body.length() - "# EOF\n".length());
      assertThat(body).doesNotContain("run=\"doomed\"");
      assertMatchesGolden(body, "metrics-parity/openmetrics.txt");
    }
  }

  private static void assertMatchesGolden(String body, String resource) throws IOException {
    String normalised = String.join("\n", trainingFamilies(body)) + "\n";
    if (Boolean.getBoolean("neuronwatch.parity.write")) {
      Path file = Path.of("src/test/resources").resolve(resource);
      Files.createDirectories(file.getParent());
      Files.writeString(file, normalised);
    }
    assertThat(normalised).isEqualTo(golden(resource));
  }

  /**
   * The {@code neuronwatch_*} families of a page in page order, each as its comment lines followed
   * by its series sorted; fails when a family's lines are not contiguous (both formats forbid it).
   */
  static List<String> trainingFamilies(String body) {
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String family = null;
    List<String> series = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.isEmpty() || line.equals("# EOF")) {
        continue;
      }
      if (line.startsWith("# ")) {
        String name = line.split(" ")[2];
        if (!name.equals(family)) {
          flush(out, series);
          assertThat(seen.add(name)).as("family %s written twice", name).isTrue();
          family = name;
        }
        if (family.startsWith("neuronwatch_")) {
          out.add(line);
        }
        continue;
      }
      assertThat(family).as("series before any TYPE line: %s", line).isNotNull();
      assertThat(line).as("series outside its family").startsWith(family);
      if (family.startsWith("neuronwatch_")) {
        series.add(line);
      }
    }
    flush(out, series);
    return out;
  }

  private static void flush(List<String> out, List<String> series) {
    series.sort(null);
    out.addAll(series);
    series.clear();
  }

  private static String golden(String resource) throws IOException {
    try (InputStream in = MetricsParityTest.class.getResourceAsStream("/" + resource)) {
      assertThat(in).as("golden %s", resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
