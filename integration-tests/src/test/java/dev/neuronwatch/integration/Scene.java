package dev.neuronwatch.integration;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The server side of one fault: where the agent pushes, how the fault is lifted, and what the
 * server ended up storing. {@link Fault#ABSENT} starts the server only when {@linkplain #heal()
 * healed}; {@link Fault#RESTARTED} is driven by the test through {@link #stopServer(String)} and
 * {@link #startServerAgain()}; every other fault is played by a {@link FaultyFront} until healed.
 *
 * <pre>{@code
 * try (Scene scene = Scene.of(Fault.HANG)) {
 *   // ... an agent pushes to scene.agentUri() and gives up on its pushes ...
 *   scene.heal();
 *   RunView run = scene.run("faults-hang").orElseThrow();
 * }
 * }</pre>
 */
final class Scene implements AutoCloseable {
  private final Fault fault;
  private final int port;
  private final FaultyFront front;
  private LiveServer server;
  private long samplesBeforeRestart;

  private Scene(Fault fault) throws IOException {
    this.fault = fault;
    if (fault == Fault.ABSENT) {
      this.port = LiveServer.freePort();
      this.front = null;
    } else {
      this.server = LiveServer.onFreePort();
      this.port = server.port();
      this.front = fault.viaFront() ? new FaultyFront(server.uri(), fault) : null;
    }
  }

  static Scene of(Fault fault) throws IOException {
    return new Scene(fault);
  }

  URI agentUri() {
    return front != null ? front.uri() : URI.create("http://127.0.0.1:" + port);
  }

  Optional<FaultyFront> front() {
    return Optional.ofNullable(front);
  }

  /** Lifts the fault: the front forwards, an absent server starts. */
  void heal() {
    if (front != null) {
      front.fault(Fault.NONE);
    } else if (server == null) {
      server = LiveServer.on(port);
    }
  }

  /** Stops the server, remembering how many samples of {@code run} it had applied. */
  void stopServer(String run) {
    server.close();
    samplesBeforeRestart = server.appliedSamples(run);
    server = null;
  }

  /** Starts a new server on the same port. */
  void startServerAgain() {
    server = LiveServer.on(port);
  }

  /** How many samples the stopped server had stored before a restart; 0 without one. */
  long samplesBeforeRestart() {
    return samplesBeforeRestart;
  }

  LiveServer server() {
    return server;
  }

  /** The run as the (current) server stores it, once no slow push is still on its way. */
  Optional<RunView> run(String name) {
    if (front != null) {
      Await.until("the front's answers", Duration.ofSeconds(10), () -> front.inFlight() == 0);
    }
    return server.run(name);
  }

  Fault fault() {
    return fault;
  }

  @Override
  public void close() throws IOException {
    try {
      if (front != null) {
        front.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }
}
