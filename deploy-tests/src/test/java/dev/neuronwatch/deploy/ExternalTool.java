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
 * A program found on the PATH, such as {@code promtool}. A missing program fails the test with the
 * package to install: these checks are the point of the module, so they never skip.
 *
 * <pre>{@code
 * ExternalTool.Run run = ExternalTool.PROMTOOL.run(dir, "check", "rules", "rules.yml");
 * assertThat(run.exitCode()).as(run.output()).isZero();
 * }</pre>
 */
final class ExternalTool {
  static final ExternalTool PROMTOOL = new ExternalTool("prometheus", "promtool");
  static final ExternalTool AMTOOL = new ExternalTool("prometheus-alertmanager", "amtool");
  static final ExternalTool PROMETHEUS = new ExternalTool("prometheus", "prometheus");

  /** Debian renames the binary; upstream archives call it {@code alertmanager}. */
  static final ExternalTool ALERTMANAGER =
      new ExternalTool("prometheus-alertmanager", "prometheus-alertmanager", "alertmanager");

  /** Debian's Compose v1 (1.29), the strictest reader of docker-compose.yml at hand. */
  static final ExternalTool DOCKER_COMPOSE = new ExternalTool("docker-compose", "docker-compose");

  private static final long TIMEOUT_SECONDS = 60;

  private final String debianPackage;
  private final List<String> commands;
  private final String command;

  private ExternalTool(String debianPackage, String... commands) {
    this.debianPackage = debianPackage;
    this.commands = List.of(commands);
    this.command = commands[0];
  }

  /** The outcome of one run: exit code and the interleaved standard output and error. */
  record Run(int exitCode, String output) {}

  Run run(Path workDir, String... args) {
    return run(workDir, ProcessBuilder.Redirect.PIPE, args);
  }

  /** Runs the tool with {@code input} as its standard input. */
  Run runWithInput(Path workDir, String input, String... args) {
    try {
      Path stdin = Files.createTempFile(command, ".in");
      try {
        Files.writeString(stdin, input, StandardCharsets.UTF_8);
        return run(workDir, ProcessBuilder.Redirect.from(stdin.toFile()), args);
      } finally {
        Files.deleteIfExists(stdin);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Run run(Path workDir, ProcessBuilder.Redirect stdin, String... args) {
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
                .redirectInput(stdin)
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
                    String.join(" or ", commands)
                        + " is not on the PATH: install the Debian package '"
                        + debianPackage
                        + "' (apt-get install "
                        + debianPackage
                        + "). These checks do not skip without it."));
  }

  /** True when the program is on the PATH. */
  boolean installed() {
    return find().isPresent();
  }

  private Optional<Path> find() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String name : commands) {
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
