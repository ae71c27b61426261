package dev.neuronwatch.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A command-line checker found on the PATH, such as {@code promtool}. A missing tool fails the test
 * with the package to install: these checks are the point of the module, so they never skip.
 *
 * <pre>{@code
 * ExternalTool.Run run = ExternalTool.PROMTOOL.run(dir, "check", "rules", "rules.yml");
 * assertThat(run.exitCode()).as(run.output()).isZero();
 * }</pre>
 */
final class ExternalTool {
  static final ExternalTool PROMTOOL = new ExternalTool("promtool", "prometheus");
  static final ExternalTool AMTOOL = new ExternalTool("amtool", "prometheus-alertmanager");

  private static final long TIMEOUT_SECONDS = 60;

  private final String command;
  private final String debianPackage;

  private ExternalTool(String command, String debianPackage) {
    this.command = command;
    this.debianPackage = debianPackage;
  }

  /** The outcome of one run: exit code and the interleaved standard output and error. */
  record Run(int exitCode, String output) {}

  Run run(Path workDir, String... args) {
    List<String> commandLine = new ArrayList<>();
    commandLine.add(executable().toString());
    commandLine.addAll(List.of(args));
    try {
      // Output goes to a file, not a pipe, so a chatty or hung tool cannot block the reader.
      Path log = Files.createTempFile(command, ".log");
      try {
        Process process =
            new ProcessBuilder(commandLine)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(
              String.join(" ", commandLine) + " did not finish within " + TIMEOUT_SECONDS + " s");
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command, e);
    }
  }

  Path executable() {
    return find()
        .orElseThrow(
            () ->
                new AssertionError(
                    command
                        + " is not on the PATH: install the Debian package '"
                        + debianPackage
                        + "' (apt-get install "
                        + debianPackage
                        + "). These checks do not skip without it."));
  }

  private Optional<Path> find() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, command);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
