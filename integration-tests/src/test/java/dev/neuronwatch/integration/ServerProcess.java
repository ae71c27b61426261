package dev.neuronwatch.integration;

import dev.neuronwatch.cli.NeuronwatchCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code neuronwatch server} command in a JVM of its own, on a fixed loopback port and a
 * data directory, as {@code CrashRecoveryTest} starts it: the test's class path, output appended to
 * a log file (never a pipe that could fill), and a shutdown hook that ends it should the test JVM
 * exit first. It can be stopped politely ({@link #stop()}: SIGTERM, the server's shutdown hook
 * runs), killed ({@link #kill()}: SIGKILL, nothing runs) and started again on the same port and
 * directory. Its logging is configured by the test class path too: these tests' {@code
 * simplelogger.properties}, which keeps WARN and above.
 *
 * <pre>{@code
 * try (ServerProcess server = ServerProcess.start(port, dataDir, config, log, "-Xmx256m")) {
 *   server.kill();
 *   server.startAgain();
 * }
 * }</pre>
 */
final class ServerProcess implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final long STOP_SECONDS = 30;
  private static final Pattern EXCEPTION_LINE =
      Pattern.compile("^((?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error))(?:: .*)?$");

  private final int port;
  private final Path dataDir;
  private final Path config;
  private final Path log;
  private final List<String> jvmOptions;
  private final Thread orphanGuard = new Thread(this::destroyNow, "stop soak server");
  private volatile Process process;
  private int starts;

  private ServerProcess(int port, Path dataDir, Path config, Path log, List<String> jvmOptions) {
    this.port = port;
    this.dataDir = dataDir;
    this.config = config;
    this.log = log;
    this.jvmOptions = List.copyOf(jvmOptions);
    Runtime.getRuntime().addShutdownHook(orphanGuard);
  }

  /**
   * Starts the server with the settings of the YAML file {@code config} (the port and data
   * directory come from flags) and waits until it answers {@code /health}.
   */
  static ServerProcess start(int port, Path dataDir, Path config, Path log, String... jvmOptions) {
    ServerProcess server = new ServerProcess(port, dataDir, config, log, List.of(jvmOptions));
    server.startAgain();
    return server;
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  Path log() {
    return log;
  }

  /** Starts the server again on the same port and data directory, and waits until it is up. */
  synchronized void startAgain() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the server is still running");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(NeuronwatchCli.class.getName());
    command.add("server");
    command.add("--config");
    command.add(config.toString());
    command.add("--port");
    command.add(Integer.toString(port));
    command.add("--data-dir");
    command.add(dataDir.toString());
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(
          log,
          "=== start " + ++starts + ": " + String.join(" ", shown(command)) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the server", e);
    }
    awaitHealthy();
  }

  /** SIGTERM, and waits for the process to end: its shutdown hook stops the server. */
  synchronized int stop() {
    return end(false);
  }

  /** SIGKILL, and waits for the process to end: nothing of the server runs any more. */
  synchronized int kill() {
    return end(true);
  }

  /** Whether the process runs; false once it exited, whether told to or not. */
  boolean alive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  /**
   * The exceptions whose stack traces the server's processes logged, by class, with how often: a
   * line naming an exception or error class, as a stack trace starts.
   */
  Map<String, Long> exceptionsLogged() {
    Map<String, Long> logged = new TreeMap<>();
    for (String line : logText().split("\n")) {
      Matcher exception = EXCEPTION_LINE.matcher(line);
      if (exception.matches()) {
        logged.merge(exception.group(1), 1L, Long::sum);
      }
    }
    return logged;
  }

  private int end(boolean force) {
    Process p = process;
    if (force) {
      p.destroyForcibly(); // SIGKILL on Linux and macOS
    } else {
      p.destroy(); // SIGTERM
    }
    try {
      if (!p.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
        throw new AssertionError("the server did not stop within " + STOP_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted stopping the server", e);
    }
    return p.exitValue();
  }

  /** The command without the (long) class path. */
  private static List<String> shown(List<String> command) {
    List<String> shown = new ArrayList<>(command);
    shown.set(shown.indexOf("-cp") + 1, "<test class path>");
    return shown;
  }

  private void awaitHealthy() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "the server exited with status " + process.exitValue() + "; its log:\n" + logText());
      }
      try {
        HttpResponse<Void> health =
            HTTP.send(
                HttpRequest.newBuilder(uri().resolve("/health"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (health.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Still starting.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for the server", e);
      }
      Await.pause(Duration.ofMillis(100));
    }
    throw new AssertionError(
        "the server did not answer /health within " + START_TIMEOUT + "; its log:\n" + logText());
  }

  private void destroyNow() {
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
    }
  }

  /** Stops the server politely if it still runs. */
  @Override
  public synchronized void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(orphanGuard);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook runs anyway.
    }
    if (alive()) {
      stop();
    }
  }
}
