package dev.neuronwatch.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code promtool check metrics} (Prometheus' own linter) over a scrape. The build requires
 * promtool on the PATH; its absence fails the check with a message saying so.
 *
 * <pre>{@code
 * Promtool.assertValidExposition(server.get("/metrics").body());
 * }</pre>
 */
public final class Promtool {
  private Promtool() {}

  /** Fails unless promtool accepts {@code exposition} without complaint. */
  public static void assertValidExposition(String exposition) {
    Path promtool = find();
    try {
      Process process =
          new ProcessBuilder(promtool.toString(), "check", "metrics")
              .redirectErrorStream(true)
              .start();
      try (OutputStream in = process.getOutputStream()) {
        in.write(exposition.getBytes(StandardCharsets.UTF_8));
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("promtool check metrics did not finish in 30 s");
      }
      assertThat(process.exitValue())
          .as("promtool check metrics said:%n%s%nabout:%n%s", output, exposition)
          .isZero();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path find() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "promtool");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return fail(
        "promtool is not on the PATH: the exposition checks need it (Debian: apt-get install"
            + " prometheus; CI installs it)");
  }
}
