package dev.neuronwatch.benchmarks;

import dev.neuronwatch.server.NeuronwatchServer;
import dev.neuronwatch.server.ServerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real Neuronwatch server in a JVM of its own on a free loopback port, for benchmarks that must
 * push over HTTP without the server's CPU, heap and garbage collector sharing the measured JVM. The
 * child runs with the benchmark's own class path and the server's default configuration except the
 * per-client rate limit, which is off (every push comes from loopback).
 *
 * <pre>{@code
 * try (LoopbackServer server = LoopbackServer.start()) {
 *   AgentConfig config = AgentConfig.builder().run("r").serverUri(server.uri()).build();
 * }
 * }</pre>
 */
public final class LoopbackServer implements AutoCloseable {
  private static final String READY = "neuronwatch-benchmark-server port=";

  private final Process process;
  private final URI uri;

  private LoopbackServer(Process process, URI uri) {
    this.process = process;
    this.uri = uri;
  }

  /** Starts the child JVM and waits (up to a minute) until its server listens. */
  public static LoopbackServer start() {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("-Xmx1g");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LoopbackServer.class.getName());
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      CountDownLatch ready = new CountDownLatch(1);
      int[] port = {-1};
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader lines =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = lines.readLine()) != null) {
                    if (line.startsWith(READY)) {
                      port[0] = Integer.parseInt(line.substring(READY.length()).trim());
                      ready.countDown();
                    }
                  }
                } catch (IOException e) {
                  // The child ended; close() reaps it.
                }
              },
              "loopback-server-output");
      reader.setDaemon(true);
      reader.start();
      if (!ready.await(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("the benchmark server did not start within 60 s");
      }
      return new LoopbackServer(process, URI.create("http://127.0.0.1:" + port[0]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the benchmark server", e);
    }
  }

  /** The server's base URI. */
  public URI uri() {
    return uri;
  }

  /** Stops the child JVM. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The child's entry point: starts the server and prints its port. */
  public static void main(String[] args) throws InterruptedException {
    NeuronwatchServer server =
        NeuronwatchServer.create(ServerConfig.builder().port(0).rateLimit(0).build()).start();
    System.out.println(READY + server.port());
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    Thread.currentThread().join();
  }
}
