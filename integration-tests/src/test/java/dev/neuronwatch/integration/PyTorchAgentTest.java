package dev.neuronwatch.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PyTorch integration ({@code integrations/pytorch}) against a real server: its own unit tests
 * pass, and real PyTorch trainings, run as separate processes, raise the same alerts as the Java
 * reference network: NeuronwatchDyingRelu for the dying-relu scenario, nothing for the healthy one.
 *
 * <p>Needs {@code /usr/bin/python3} with PyTorch (the Debian package {@code python3-torch}).
 */
class PyTorchAgentTest {
  private static final String PYTHON = "/usr/bin/python3";
  private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static Path integration;

  @TempDir Path logs;

  @BeforeAll
  static void requirePyTorch() throws Exception {
    // The test runs with the module directory as its working directory.
    Path root = Path.of("").toAbsolutePath();
    while (root != null && !Files.isDirectory(root.resolve("integrations/pytorch"))) {
      root = root.getParent();
    }
    assertThat(root).as("the repository root holding integrations/pytorch").isNotNull();
    integration = root.resolve("integrations/pytorch");
    Finished probe =
        run(
            "import-torch",
            integration,
            Files.createTempDirectory("neuronwatch-torch-probe"),
            PYTHON,
            "-c",
            "import torch; print(torch.__version__)");
    assertThat(probe.exitCode())
        .as(
            "%s cannot import torch; install the Debian package python3-torch"
                + " (apt-get install python3-torch). Output:%n%s",
            PYTHON,
            probe.output())
        .isZero();
  }

  @Test
  void pythonUnitTestsPass() throws Exception {
    Finished tests =
        run("unittest", integration.resolve("tests"), logs, PYTHON, "-m", "unittest", "discover");
    assertThat(tests.exitCode()).as("python unit tests failed:%n%s", tests.output()).isZero();
  }

  @Test
  void torchTrainingsRaiseTheSameAlertsAsTheReferenceNetwork() throws Exception {
    try (LiveServer server = LiveServer.onFreePort()) {
      String url = server.uri().toString();
      Path script = integration.resolve("examples/train_mlp.py");
      // Both trainings at once: separate processes, separate runs.
      Process dying =
          start("dying", integration, logs, PYTHON, script.toString(), "--scenario", "dying-relu",
              "--server", url, "--run", "torch-dying-relu");
      Process healthy =
          start("healthy", integration, logs, PYTHON, script.toString(), "--scenario", "healthy",
              "--server", url, "--run", "torch-healthy");
      Finished dyingRun = await("dying", dying, logs);
      Finished healthyRun = await("healthy", healthy, logs);
      assertThat(dyingRun.exitCode()).as("dying-relu training:%n%s", dyingRun.output()).isZero();
      assertThat(healthyRun.exitCode()).as("healthy training:%n%s", healthyRun.output()).isZero();

      RunView dyingView = server.run("torch-dying-relu").orElseThrow();
      RunView healthyView = server.run("torch-healthy").orElseThrow();
      assertThat(dyingView.finished()).as(dyingRun.output()).isTrue();
      assertThat(dyingView.samples()).as(dyingRun.output()).isEqualTo(100);
      assertThat(dyingView.layers()).containsExactly("dense_0", "dense_1", "dense_2", "dense_3");
      assertThat(healthyView.finished()).as(healthyRun.output()).isTrue();
      assertThat(healthyView.samples()).as(healthyRun.output()).isEqualTo(150);

      List<Map<String, Object>> dyingAlerts = alerts(server.uri(), "torch-dying-relu");
      assertThat(dyingAlerts)
          .as("alerts of torch-dying-relu; training output:%n%s", dyingRun.output())
          .anySatisfy(
              alert -> {
                assertThat(alert.get("name")).isEqualTo("NeuronwatchDyingRelu");
                assertThat(alert.get("state")).isIn("firing", "resolved");
                assertThat(((Number) alert.get("value")).doubleValue()).isGreaterThan(0.5);
              });
      List<Map<String, Object>> healthyAlerts = alerts(server.uri(), "torch-healthy");
      assertThat(healthyAlerts)
          .as("alerts of torch-healthy; training output:%n%s", healthyRun.output())
          .noneSatisfy(alert -> assertThat(alert.get("state")).isIn("firing", "resolved"));
    }
  }

  private static List<Map<String, Object>> alerts(URI server, String run) throws Exception {
    HttpResponse<byte[]> response =
        HTTP.send(
            HttpRequest.newBuilder(server.resolve("/api/v1/alerts?run=" + run)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readValue(response.body(), new TypeReference<List<Map<String, Object>>>() {});
  }

  private record Finished(int exitCode, String output) {}

  private static Process start(String name, Path dir, Path logs, String... command)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    builder.environment().put("PYTHONUNBUFFERED", "1");
    File log = logs.resolve(name + ".log").toFile();
    builder.redirectErrorStream(true).redirectOutput(log);
    return builder.start();
  }

  private static Finished await(String name, Process process, Path logs) throws Exception {
    boolean exited = process.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    String output = Files.readString(logs.resolve(name + ".log"), StandardCharsets.UTF_8);
    assertThat(exited)
        .as("%s did not finish within %s; output:%n%s", name, PROCESS_TIMEOUT, output)
        .isTrue();
    return new Finished(process.exitValue(), output);
  }

  private static Finished run(String name, Path dir, Path logs, String... command)
      throws Exception {
    try {
      return await(name, start(name, dir, logs, command), logs);
    } catch (IOException e) {
      return new Finished(-1, "could not start " + String.join(" ", command) + ": " + e);
    }
  }
}
