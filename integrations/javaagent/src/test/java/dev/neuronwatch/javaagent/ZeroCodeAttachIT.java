package dev.neuronwatch.javaagent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.protocol.Alert;
import dev.neuronwatch.protocol.AlertState;
import dev.neuronwatch.protocol.WireJson;
import dev.neuronwatch.server.NeuronwatchServer;
import dev.neuronwatch.server.ServerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded agent jar against unmodified Deeplearning4j programs in their own JVMs: {@code
 * -javaagent:} alone makes their dying networks, a {@code MultiLayerNetwork} and a {@code
 * ComputationGraph}, raise NeuronwatchDyingRelu on a real server that requires a token, which comes
 * from the environment; a healthy network of the same job raises nothing; a job with its own, older
 * Jackson keeps it.
 */
class ZeroCodeAttachIT {
  private static final String TOKEN = "it-secret-token";
  private static final String JOB = "dev.neuronwatch.javaagent.job.PlainTraining";
  private static final String GRAPH_JOB = "dev.neuronwatch.javaagent.job.PlainGraphTraining";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static PrometheusMeterRegistry registry;
  private static NeuronwatchServer server;

  @TempDir Path logs;

  @BeforeAll
  static void startServer() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    server =
        new NeuronwatchServer(
                ServerConfig.builder()
                    .port(0)
                    .writeToken(TOKEN)
                    .shutdownTimeout(Duration.ofMillis(200))
                    .build(),
                registry,
                Clock.systemUTC())
            .start();
  }

  @AfterAll
  static void stopServer() {
    server.stop();
  }

  private static Path agentJar() {
    return Path.of(System.getProperty("neuronwatch.agentJar"));
  }

  private Finished runJob(String name, String agentArguments, int steps) throws Exception {
    return runJob(name, JOB, List.of(), agentArguments, steps);
  }

  /** Runs {@code job} with the agent; {@code ownJars} come first on its classpath. */
  private Finished runJob(
      String name, String job, List<Path> ownJars, String agentArguments, int steps)
      throws Exception {
    List<String> entries = new ArrayList<>();
    ownJars.forEach(jar -> entries.add(jar.toString()));
    entries.add(System.getProperty("neuronwatch.jobClasses"));
    entries.add(Files.readString(Path.of(System.getProperty("neuronwatch.jobClasspath"))).trim());
    String classpath = String.join(File.pathSeparator, entries);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-javaagent:" + agentJar() + "=" + agentArguments);
    command.add(
        "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir"));
    Collections.addAll(command, "-cp", classpath, job, String.valueOf(steps));
    Path out = logs.resolve(name + ".out");
    Path err = logs.resolve(name + ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("NEURONWATCH_TOKEN", TOKEN);
    builder.environment().put("OMP_NUM_THREADS", "1");
    Process process = builder.start();
    if (!process.waitFor(240, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(name + " did not finish; stderr:\n" + Files.readString(err));
    }
    return new Finished(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static List<Alert> alerts(String run) throws Exception {
    HttpResponse<byte[]> response =
        HTTP.send(
            HttpRequest.newBuilder(server.uri().resolve("/api/v1/alerts?run=" + run)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    return List.of(WireJson.decode(response.body(), Alert[].class));
  }

  @Test
  void anUnmodifiedTrainingJobRaisesItsAlerts() throws Exception {
    Finished job = runJob("dying", "server=" + server.uri() + ",run=dl4j-job,sampleEvery=10", 300);

    assertThat(job.exitCode()).as("stderr:%n%s", job.stderr()).isZero();
    assertThat(job.stdout()).contains("trained 300 steps");
    assertThat(job.stderr()).doesNotContain("neuronwatch-agent:");
    assertThat(alerts("dl4j-job"))
        .filteredOn(a -> a.state() != AlertState.PENDING)
        .extracting(Alert::name)
        .contains("NeuronwatchDyingRelu");
  }

  @Test
  void aGraphJobWithItsOwnJacksonRaisesItsAlertsAndItsHealthyNetworkNothing() throws Exception {
    List<Path> jackson;
    try (var jars = Files.list(Path.of(System.getProperty("neuronwatch.jobJackson")))) {
      jackson = jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
    assertThat(jackson).hasSize(3);
    Finished job =
        runJob(
            "graph",
            GRAPH_JOB,
            jackson,
            "server=" + server.uri() + ",run=dl4j-graph-job,sampleEvery=10",
            300);

    assertThat(job.exitCode()).as("stderr:%n%s", job.stderr()).isZero();
    // the job's Jackson is the job's own, not the one inside the agent
    assertThat(job.stdout())
        .contains("jackson " + System.getProperty("neuronwatch.jobJacksonVersion") + " ")
        .contains("{\"steps\":300,");
    assertThat(job.stderr()).doesNotContain("neuronwatch-agent:");
    // the graph trains first and reports as the run; the healthy network as run-2
    assertThat(samples("dl4j-graph-job")).isEqualTo(30);
    assertThat(samples("dl4j-graph-job-2")).isEqualTo(30);
    assertThat(alerts("dl4j-graph-job"))
        .filteredOn(a -> a.state() != AlertState.PENDING)
        .extracting(Alert::name)
        .contains("NeuronwatchDyingRelu");
    assertThat(alerts("dl4j-graph-job-2"))
        .filteredOn(a -> a.state() != AlertState.PENDING)
        .isEmpty();
  }

  private static long samples(String run) {
    var counter = registry.find("neuronwatch.run.samples").tag("run", run).counter();
    return counter == null ? 0 : (long) counter.count();
  }

  @Test
  void anUnknownOptionIsReportedAndTheJobStillRuns() throws Exception {
    Finished job = runJob("bad-option", "server=" + server.uri() + ",run=dl4j-bad,bogus=1", 3);

    assertThat(job.exitCode()).as("stderr:%n%s", job.stderr()).isZero();
    assertThat(job.stdout()).contains("trained 3 steps");
    assertThat(job.stderr())
        .contains("neuronwatch-agent: not attached: unknown option 'bogus'")
        .contains("server, run, sampleEvery");
  }

  @Test
  void theJarHidesItsDependenciesAndBundlesNoDeeplearning4j() throws Exception {
    List<String> foreign = new ArrayList<>();
    try (JarFile jar = new JarFile(agentJar().toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Premain-Class"))
          .isEqualTo(NeuronwatchJavaAgent.class.getName());
      jar.stream()
          .map(ZipEntry::getName)
          .filter(n -> n.endsWith(".class") && !n.startsWith("dev/neuronwatch/"))
          .forEach(foreign::add);
    }
    assertThat(foreign).as("classes outside dev/neuronwatch/").isEmpty();
  }

  @Test
  void theJarsServiceFilesNameOnlyRelocatedClasses() throws Exception {
    List<String> services = new ArrayList<>();
    try (JarFile jar = new JarFile(agentJar().toFile())) {
      for (ZipEntry entry : Collections.list(jar.entries())) {
        if (entry.getName().startsWith("META-INF/services/") && !entry.isDirectory()) {
          services.add(entry.getName().substring("META-INF/services/".length()));
          try (var in = jar.getInputStream(entry)) {
            services.addAll(
                new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines()
                    .map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList());
          }
        }
      }
    }
    assertThat(services)
        .isNotEmpty()
        .allSatisfy(name -> assertThat(name).startsWith("dev.neuronwatch.javaagent.shaded."));
  }

  private record Finished(int exitCode, String stdout, String stderr) {}
}
