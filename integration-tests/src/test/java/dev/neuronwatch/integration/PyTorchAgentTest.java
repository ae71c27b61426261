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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PyTorch integration ({@code integrations/pytorch}) against a real server: its own unit tests
 * pass (layer discovery of every style, per-channel statistics checked against torch), and real
 * PyTorch trainings, run as separate processes, of models written in every common style report each
 * layer under its module path with the activation that really follows it, in the labels of {@code
 * /metrics}; a dying {@code F.relu} MLP and a dying conv net fire NeuronwatchDyingRelu, and the
 * healthy ReLU nets raise nothing.
 *
 * <p>Needs {@code /usr/bin/python3} with PyTorch (the Debian package {@code python3-torch}).
 */
class PyTorchAgentTest {
  private static final String PYTHON = "/usr/bin/python3";
  // A few seconds of CPU each; generous for a loaded CI machine.
  private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(240);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern SERIES =
      Pattern.compile("(?m)^neuronwatch_layer_activation_mean\\{([^}]*)\\}");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

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
            PYTHON, probe.output())
        .isZero();
  }

  @Test
  void pythonUnitTestsPass() throws Exception {
    Finished tests =
        run("unittest", integration.resolve("tests"), logs, PYTHON, "-m", "unittest", "discover");
    assertThat(tests.exitCode()).as("python unit tests failed:%n%s", tests.output()).isZero();
  }

  /**
   * Every style, one sampled step against a real server: each layer's series in {@code /metrics}
   * hold what torch computes directly for that layer (the Python side, {@code
   * tests/test_live_server.py}, computes and compares).
   */
  @Test
  void everyStyleReachesMetricsWithTheStatisticsTorchComputes() throws Exception {
    try (LiveServer server = LiveServer.onFreePort()) {
      Finished tests =
          run(
              "live-server",
              integration.resolve("tests"),
              logs,
              Map.of("NEURONWATCH_SERVER", server.uri().toString()),
              PYTHON,
              "-m",
              "unittest",
              "-v",
              "test_live_server");
      assertThat(tests.exitCode()).as("%s", tests.output()).isZero();
      assertThat(tests.output()).contains("Ran 1 test").doesNotContain("skipped");
    }
  }

  /**
   * {@code pip install} of the package (offline: the system setuptools, no index) into a fresh
   * virtual environment that reuses the system torch; the style statistics tests then pass with
   * that installed copy, run from a directory that holds only the tests and examples.
   */
  @Test
  void packageInstallsWithPipAndItsTestsPassOnTheInstalledCopy(@TempDir Path work)
      throws Exception {
    Path source = work.resolve("source");
    Files.createDirectories(source);
    Files.copy(integration.resolve("pyproject.toml"), source.resolve("pyproject.toml"));
    Files.copy(integration.resolve("README.md"), source.resolve("README.md"));
    copyTree(integration.resolve("neuronwatch_torch"), source.resolve("neuronwatch_torch"));
    Path suite = work.resolve("suite");
    copyTree(integration.resolve("tests"), suite.resolve("tests"));
    copyTree(integration.resolve("examples"), suite.resolve("examples"));
    Path venv = work.resolve("venv");
    Finished created =
        run(
            "venv",
            work,
            logs,
            PYTHON,
            "-m",
            "venv",
            "--system-site-packages",
            "--without-pip",
            venv.toString());
    assertThat(created.exitCode()).as("%s", created.output()).isZero();
    String python = venv.resolve("bin/python").toString();
    Finished installed =
        run(
            "pip-install",
            work,
            logs,
            python,
            "-m",
            "pip",
            "install",
            "--no-build-isolation",
            "--no-index",
            source.toString());
    assertThat(installed.exitCode()).as("%s", installed.output()).isZero();
    assertThat(installed.output()).contains("Successfully installed neuronwatch-torch");

    Finished where =
        run(
            "import",
            suite,
            logs,
            python,
            "-c",
            "import neuronwatch_torch; print(neuronwatch_torch.__file__)");
    assertThat(where.output().trim()).startsWith(venv.toString()).endsWith("__init__.py");
    Finished tests =
        run(
            "installed-tests",
            suite.resolve("tests"),
            logs,
            python,
            "-m",
            "unittest",
            "test_style_statistics");
    assertThat(tests.exitCode()).as("%s", tests.output()).isZero();
    assertThat(tests.output()).contains("Ran 2 tests");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        if (path.toString().contains("__pycache__")) {
          continue;
        }
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }

  /** The activation each style's layers must carry, by module path, in execution order. */
  private static final Map<String, Map<String, String>> STYLES =
      Map.of(
          "sequential", ordered("0.0.0", "relu", "0.1.0", "relu", "2", "linear"),
          "functional", ordered("fc1", "relu", "fc2", "relu", "fc3", "relu", "out", "linear"),
          "mixed",
              ordered(
                  "fc.0",
                  "sigmoid",
                  "fc.1",
                  "tanh",
                  "fc.2",
                  "leaky_relu",
                  "fc.3",
                  "gelu",
                  "fc.4",
                  "swish",
                  "fc.5",
                  "elu",
                  "fc.6",
                  "softmax",
                  "out",
                  "linear"),
          "shared", ordered("fc1", "relu", "fc2", "relu", "head", "linear"),
          "conv",
              ordered(
                  "stem",
                  "relu",
                  "layer1.0.conv1",
                  "relu",
                  "layer1.0.conv2",
                  "relu",
                  "fc",
                  "linear"),
          "plainconv", ordered("conv1", "relu", "conv2", "relu", "fc", "linear"),
          "untraceable", ordered("fc1", "elu", "fc2", "linear"));

  /** ReLU styles that must train without a single alert under the healthy recipe. */
  private static final List<String> QUIET =
      List.of("sequential", "functional", "shared", "conv", "plainconv");

  @Test
  void everyModelStyleGivesEachLayerItsActivationAndDyingNetsFireDyingRelu() throws Exception {
    try (LiveServer server = LiveServer.onFreePort()) {
      String url = server.uri().toString();
      Path script = integration.resolve("examples/styles.py");
      // Three processes at once, each its own runs: every style healthy, a dying F.relu MLP,
      // a dying plain conv net (SGD far too fast).
      Process healthy =
          start(
              "healthy",
              integration,
              logs,
              PYTHON,
              script.toString(),
              "--scenario",
              "healthy",
              "--steps",
              "120",
              "--server",
              url);
      Process dyingMlp =
          start(
              "dying-mlp",
              integration,
              logs,
              PYTHON,
              script.toString(),
              "--style",
              "functional",
              "--scenario",
              "dying",
              "--steps",
              "300",
              "--server",
              url);
      Process dyingConv =
          start(
              "dying-conv",
              integration,
              logs,
              PYTHON,
              script.toString(),
              "--style",
              "plainconv",
              "--scenario",
              "dying-conv",
              "--steps",
              "300",
              "--server",
              url);
      Finished healthyRun = await("healthy", healthy, logs);
      Finished dyingMlpRun = await("dying-mlp", dyingMlp, logs);
      Finished dyingConvRun = await("dying-conv", dyingConv, logs);
      for (Finished run : List.of(healthyRun, dyingMlpRun, dyingConvRun)) {
        assertThat(run.exitCode()).as("training:%n%s", run.output()).isZero();
      }

      Map<String, Map<String, Set<String>>> labels = activationLabels(server.uri());
      STYLES.forEach(
          (style, expected) -> {
            String run = "torch-" + style + "-healthy";
            RunView view = server.run(run).orElseThrow();
            assertThat(view.finished()).as(healthyRun.output()).isTrue();
            assertThat(view.samples()).as(healthyRun.output()).isEqualTo(12);
            assertThat(view.layers()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            Map<String, Set<String>> expectedLabels = new TreeMap<>();
            expected.forEach((layer, kind) -> expectedLabels.put(layer, Set.of(kind)));
            assertThat(labels.get(run))
                .as(
                    "activation labels of %s in /metrics; training output:%n%s",
                    run, healthyRun.output())
                .isEqualTo(expectedLabels);
          });
      for (String style : QUIET) {
        assertThat(alerts(server.uri(), "torch-" + style + "-healthy"))
            .as("alerts of the healthy %s run; training output:%n%s", style, healthyRun.output())
            .noneSatisfy(alert -> assertThat(alert.get("state")).isIn("firing", "resolved"));
      }
      assertDying("torch-functional-dying", dyingMlpRun, server.uri());
      assertDying("torch-plainconv-dying-conv", dyingConvRun, server.uri());
      assertThat(labels.get("torch-plainconv-dying-conv")).containsEntry("conv2", Set.of("relu"));
    }
  }

  private static void assertDying(String run, Finished training, URI server) throws Exception {
    assertThat(alerts(server, run))
        .as("alerts of %s; training output:%n%s", run, training.output())
        .anySatisfy(
            alert -> {
              assertThat(alert.get("name")).isEqualTo("NeuronwatchDyingRelu");
              assertThat(alert.get("state")).isIn("firing", "resolved");
              assertThat(((Number) alert.get("value")).doubleValue()).isGreaterThan(0.5);
            });
  }

  /** run -> layer -> the activation labels of its {@code neuronwatch_layer_activation_mean}. */
  private static Map<String, Map<String, Set<String>>> activationLabels(URI server)
      throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(server.resolve("/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Map<String, Set<String>>> labels = new TreeMap<>();
    Matcher series = SERIES.matcher(response.body());
    while (series.find()) {
      Map<String, String> set = new HashMap<>();
      Matcher label = LABEL.matcher(series.group(1));
      while (label.find()) {
        set.put(label.group(1), label.group(2));
      }
      labels
          .computeIfAbsent(set.get("run"), r -> new TreeMap<>())
          .computeIfAbsent(set.get("layer"), l -> new TreeSet<>())
          .add(set.get("activation"));
    }
    return labels;
  }

  private static Map<String, String> ordered(String... layerThenKind) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < layerThenKind.length; i += 2) {
      map.put(layerThenKind[i], layerThenKind[i + 1]);
    }
    return map;
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
    return start(name, dir, logs, Map.of(), command);
  }

  private static Process start(
      String name, Path dir, Path logs, Map<String, String> environment, String... command)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().remove("NEURONWATCH_SERVER");
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    builder.environment().put("PYTHONUNBUFFERED", "1");
    builder.environment().putAll(environment);
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
    return run(name, dir, logs, Map.of(), command);
  }

  private static Finished run(
      String name, Path dir, Path logs, Map<String, String> environment, String... command)
      throws Exception {
    try {
      return await(name, start(name, dir, logs, environment, command), logs);
    } catch (IOException e) {
      return new Finished(-1, "could not start " + String.join(" ", command) + ": " + e);
    }
  }
}
