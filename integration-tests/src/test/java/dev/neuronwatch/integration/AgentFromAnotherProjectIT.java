package dev.neuronwatch.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent is usable from another project as the README says: a separate Maven project that
 * declares the README's {@code <dependency>} block, built offline by the project's own Maven
 * wrapper against a scratch local repository that holds what {@code ./mvnw install} puts there (the
 * parent POM, the model and the agent, as this build made them) in front of the user's own,
 * compiles against the agent and, run, trains five steps against a real server that then lists the
 * run. The user's local repository is only read: the scratch one takes every write.
 */
class AgentFromAnotherProjectIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern DEPENDENCY =
      Pattern.compile(
          "```xml\\s*(<dependency>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>(neuronwatch-agent)"
              + "</artifactId>\\s*<version>([^<]+)</version>\\s*</dependency>)\\s*```");
  private static final Pattern PROJECT_VERSION =
      Pattern.compile("<artifactId>neuronwatch-parent</artifactId>\\s*<version>([^<]+)</version>");

  @Test
  void aProjectDeclaringTheReadmeDependencyCompilesAndPushesARun(@TempDir Path dir)
      throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    Matcher dependency = DEPENDENCY.matcher(readme);
    assertThat(dependency.find()).as("the README's <dependency> block of the agent").isTrue();
    assertThat(readme).contains("./mvnw -DskipTests install");
    String version = projectVersion();
    assertThat(dependency.group(2)).isEqualTo("dev.neuronwatch");
    assertThat(dependency.group(4)).as("the README's version").isEqualTo(version);

    Path repository = dir.resolve("repository");
    installed(repository, "neuronwatch-parent", version, ROOT.resolve("pom.xml"), null);
    installed(
        repository,
        "neuronwatch-protocol",
        version,
        ROOT.resolve("protocol/pom.xml"),
        jar("protocol", version));
    installed(
        repository,
        "neuronwatch-agent",
        version,
        ROOT.resolve("agent/pom.xml"),
        jar("agent", version));
    Path project = consumer(dir.resolve("consumer"), dependency.group(1));

    Run build =
        run(
            project,
            ROOT.resolve("mvnw").toString(),
            "-B",
            "-q",
            "-o",
            "-Dmaven.repo.local=" + repository,
            "-Dmaven.repo.local.tail=" + System.getProperty("neuronwatch.localRepository"),
            "compile",
            "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath",
            "-Dmdep.outputFile=classpath.txt");
    assertThat(build.exitCode()).as(build.output()).isZero();
    String classPath =
        project.resolve("target/classes")
            + File.pathSeparator
            + Files.readString(project.resolve("classpath.txt")).trim();
    assertThat(classPath).contains("neuronwatch-agent-" + version + ".jar", "jackson-databind");

    try (LiveServer server = LiveServer.onFreePort()) {
      Run consumer =
          run(
              project,
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp",
              classPath,
              "example.Consumer",
              server.uri().toString());

      assertThat(consumer.exitCode()).as(consumer.output()).isZero();
      RunView run = server.run("from-another-project").orElseThrow();
      assertThat(run.samples()).isEqualTo(5);
      assertThat(run.finished()).isTrue();
      assertThat(run.layers()).containsExactly("dense_0");
    }
  }

  private static String projectVersion() throws IOException {
    Matcher matcher = PROJECT_VERSION.matcher(Files.readString(ROOT.resolve("agent/pom.xml")));
    assertThat(matcher.find()).isTrue();
    return matcher.group(1);
  }

  private static Path jar(String module, String version) {
    Path jar =
        ROOT.resolve(module)
            .resolve("target")
            .resolve("neuronwatch-" + module + "-" + version + ".jar");
    assertThat(jar).as("built by this reactor's package phase (run with -am)").exists();
    return jar;
  }

  /**
   * Lays an artifact out as {@code install} does: group path, artifact, version, its POM and jar.
   */
  private static void installed(
      Path repository, String artifact, String version, Path pom, Path jar) throws IOException {
    Path home = repository.resolve("dev/neuronwatch").resolve(artifact).resolve(version);
    Files.createDirectories(home);
    String base = artifact + "-" + version;
    Files.copy(pom, home.resolve(base + ".pom"), StandardCopyOption.REPLACE_EXISTING);
    if (jar != null) {
      Files.copy(jar, home.resolve(base + ".jar"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** A project of one class that trains five steps of one ReLU layer with the agent attached. */
  private static Path consumer(Path project, String dependency) throws IOException {
    Files.createDirectories(project.resolve("src/main/java/example"));
    Files.writeString(
        project.resolve("pom.xml"),
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>example</groupId>
          <artifactId>consumer</artifactId>
          <version>1</version>
          <properties>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
            <maven.compiler.release>17</maven.compiler.release>
          </properties>
          <dependencies>
            %s
          </dependencies>
          <build>
            <plugins>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-resources-plugin</artifactId>
                <version>3.3.1</version>
              </plugin>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-compiler-plugin</artifactId>
                <version>3.14.1</version>
              </plugin>
            </plugins>
          </build>
        </project>
        """
            .formatted(dependency));
    Files.writeString(
        project.resolve("src/main/java/example/Consumer.java"),
        """
        package example;

        import dev.neuronwatch.agent.AgentConfig;
        import dev.neuronwatch.agent.LayerTensors;
        import dev.neuronwatch.agent.NeuronwatchAgent;
        import dev.neuronwatch.protocol.ActivationKind;
        import java.net.URI;

        public class Consumer {
          public static void main(String[] args) {
            AgentConfig config = AgentConfig.builder()
                .run("from-another-project")
                .serverUri(URI.create(args[0]))
                .sampleEvery(1)
                .build();
            int batch = 4;
            int units = 8;
            try (NeuronwatchAgent agent = NeuronwatchAgent.start(config)) {
              for (long step = 1; step <= 5; step++) {
                float[] activations = new float[batch * units];
                for (int i = 0; i < activations.length; i++) {
                  activations[i] = (i + step) % 3;
                }
                agent.recordLayer(step, LayerTensors.of("dense_0", 0, ActivationKind.RELU, batch, units)
                    .output(activations));
                agent.endStep(step, 1.0 / step);
              }
              agent.finish();
            }
          }
        }
        """);
    return project;
  }

  private record Run(int exitCode, String output) {}

  private static Run run(Path directory, String... command) throws Exception {
    Path log = Files.createTempFile(directory, "run", ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        throw new AssertionError(
            String.join(" ", List.of(command))
                + " did not end in 5 minutes:\n"
                + Files.readString(log));
      }
    } finally {
      process.destroyForcibly();
    }
    return new Run(process.exitValue(), Files.readString(log));
  }
}
