package dev.neuronwatch.server.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A project that embeds the server gets no SLF4J binding forced on it: on the server's own runtime
 * class path ({@code target/embedder.classpath}, written by the build from the compile and runtime
 * scopes, exactly what a dependent project inherits) there is none, and the server still starts,
 * serves and stops, with SLF4J saying it found no provider, as it does for a library that leaves
 * the choice to the application.
 */
class EmbeddedServerTest {
  private static final Path CLASSPATH = Path.of("target", "embedder.classpath");

  /** Artifacts that bind SLF4J (providers and bridges that take its place). */
  private static final List<String> BINDINGS =
      List.of(
          "slf4j-simple",
          "slf4j-nop",
          "slf4j-jdk14",
          "slf4j-reload4j",
          "slf4j-log4j12",
          "logback-classic",
          "log4j-slf4j-impl",
          "log4j-slf4j2-impl");

  @Test
  void theRuntimeClassPathHoldsTheSlf4jApiButNoBinding() throws IOException {
    List<String> jars = jars();

    assertThat(jars).anyMatch(jar -> jar.startsWith("slf4j-api-"));
    assertThat(jars)
        .noneMatch(jar -> BINDINGS.stream().anyMatch(binding -> jar.startsWith(binding + "-")));
  }

  @Test
  void theServerRunsOnItsRuntimeClassPathAloneWithoutABinding() throws Exception {
    String classPath =
        String.join(
            File.pathSeparator,
            Path.of("target", "classes").toString(),
            Path.of("target", "test-classes").toString(),
            Files.readString(CLASSPATH, StandardCharsets.UTF_8).trim());
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                EmbeddingMain.class.getName())
            .redirectErrorStream(true)
            .start();
    String output;
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      process.destroyForcibly();
    }

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("GET / 200", "GET /health 200");
    // SLF4J 2's notice when the application chose no binding: the server did not choose for it.
    assertThat(output).contains("No SLF4J providers were found");
  }

  private static List<String> jars() throws IOException {
    assertThat(CLASSPATH)
        .as("written by the build (maven-dependency-plugin, generate-test-resources)")
        .exists();
    return Arrays.stream(
            Files.readString(CLASSPATH, StandardCharsets.UTF_8).trim().split(File.pathSeparator))
        .map(entry -> Path.of(entry).getFileName().toString())
        .toList();
  }
}
