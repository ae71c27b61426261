package dev.neuronwatch.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program the integration test runs in the background, its output going to a log file (a file,
 * not a pipe, so nothing can block on an unread buffer). Closing it stops it politely (SIGTERM),
 * then by force if it lingers, and always waits for it to be gone. Should the test JVM exit without
 * closing it (a killed build), a shutdown hook still ends it.
 *
 * <pre>{@code
 * try (LocalProcess prometheus = LocalProcess.start("prometheus", logFile, commandLine)) {
 *   ...
 * }
 * }</pre>
 */
final class LocalProcess implements AutoCloseable {
  private static final long STOP_SECONDS = 10;

  private final String name;
  private final Path log;
  private final Process process;
  private final Thread orphanGuard;

  private LocalProcess(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
    this.orphanGuard = new Thread(process::destroyForcibly, "stop " + name);
    Runtime.getRuntime().addShutdownHook(orphanGuard);
  }

  static LocalProcess start(String name, Path log, Path workDir, List<String> command) {
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8);
      Process process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      return new LocalProcess(name, log, process);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  /** Throws when the program has exited: whatever it was meant to serve will never come. */
  void requireAlive() {
    if (!process.isAlive()) {
      throw new AssertionError(
          name + " exited with status " + process.exitValue() + "; its log:\n" + logText());
    }
  }

  String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(orphanGuard);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook runs anyway.
    }
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
