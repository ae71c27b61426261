package dev.neuronwatch.server.http;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.push;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.server.ServerConfig;
import dev.neuronwatch.server.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Slow request bodies ("slow POST") must not take the server down: one address trickling bodies on
 * many connections cannot hold every request thread, legitimate pushes and health checks keep
 * getting through, and each connection dropped for being slow is logged and counted.
 */
class SlowClientTest {
  private static final int ATTACK_CONNECTIONS = 300;

  @Test
  void trickledBodiesHoldNoThreadsSoLegitimatePushesGetThrough() throws Exception {
    // No per-address bound here: 300 trickling bodies against Jetty's 250 request threads.
    ServerConfig.Builder config =
        ServerConfig.builder().rateLimit(0).maxConnectionsPerAddress(10_000);
    try (TestServer server = TestServer.start(config);
        SlowBodies attack = new SlowBodies(server.uri("/").getPort(), ATTACK_CONNECTIONS)) {
      attack.open();
      Thread.sleep(1500); // every trickling request has reached the server

      long started = System.nanoTime();
      assertThat(server.get("/health").statusCode()).isEqualTo(200);
      assertThat(server.push(push("legit", step(1, relu()))).statusCode()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void connectionsBeyondThePerAddressBoundAreClosedAndCountedOthersServed() throws Exception {
    ServerConfig.Builder config = ServerConfig.builder().rateLimit(0).maxConnectionsPerAddress(4);
    try (TestServer server = TestServer.start(config);
        SlowBodies attack = new SlowBodies(server.uri("/").getPort(), 10)) {
      attack.open();
      Thread.sleep(500);

      assertThat(rejected(server, "connection_limit")).isEqualTo(6.0);
      assertThat(server.push(push("legit", step(1, relu()))).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void clientsThatLeaveFinishedConnectionsOpenAreNotShutOut() throws Exception {
    // One host running short jobs one after another: every job's HTTP client keeps its finished
    // connection open for reuse and is then dropped. Past the bound, each new connection takes
    // the place of an idle one instead of being refused.
    ServerConfig.Builder config = ServerConfig.builder().rateLimit(0).maxConnectionsPerAddress(4);
    try (TestServer server = TestServer.start(config)) {
      List<Socket> finished = new ArrayList<>();
      try {
        for (int job = 0; job < 12; job++) {
          Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.uri("/").getPort());
          socket.setSoTimeout(5_000);
          finished.add(socket);
          assertThat(keepAliveGet(socket, "/health")).as("job %d", job).startsWith("HTTP/1.1 200");
          Thread.sleep(ConnectionsPerAddress.RECLAIM_IDLE_MILLIS + 50);
        }
      } finally {
        for (Socket socket : finished) {
          socket.close();
        }
      }
      assertThat(rejected(server, "connection_limit")).isZero();
    }
  }

  /** Sends a keep-alive GET and reads the answer's head, leaving the connection open. */
  private static String keepAliveGet(Socket socket, String path) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    StringBuilder head = new StringBuilder();
    int b;
    while ((b = socket.getInputStream().read()) != -1) {
      head.append((char) b);
      if (head.toString().endsWith("\r\n\r\n")) {
        break;
      }
    }
    return head.toString();
  }

  private static dev.neuronwatch.protocol.LayerSample relu() {
    return layer("d", 0, ActivationKind.RELU).build();
  }

  private static double rejected(TestServer server, String reason) {
    return server
        .scrape()
        .value("neuronwatch_ingest_rejected_total{reason=\"" + reason + "\"}")
        .orElseThrow();
  }

  @Test
  void aBodyNotInByTheReadTimeoutIsCutOffCountedAndAnswered408() throws Exception {
    ServerConfig.Builder config =
        ServerConfig.builder().rateLimit(0).bodyReadTimeout(Duration.ofSeconds(2));
    try (TestServer server = TestServer.start(config);
        SlowBodies attack = new SlowBodies(server.uri("/").getPort(), 1)) {
      attack.open();
      String answer = attack.awaitAnswer(0, Duration.ofSeconds(10));

      assertThat(answer).startsWith("HTTP/1.1 408");
      assertThat(answer).contains("did not arrive within 2 s");
      assertThat(rejected(server, "slow_body")).isEqualTo(1.0);
      // The server still serves pushes.
      assertThat(server.push(push("legit", step(1, relu()))).statusCode()).isEqualTo(200);
    }
  }

  /**
   * Connections from 127.0.0.2 (another loopback address than the legitimate client's) that each
   * announce a 4 KiB JSON push and then send one byte a second.
   */
  private static final class SlowBodies implements AutoCloseable {
    private final int port;
    private final int count;
    private final List<Socket> sockets = new ArrayList<>();
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

    SlowBodies(int port, int count) {
      this.port = port;
      this.count = count;
    }

    void open() throws IOException {
      for (int i = 0; i < count; i++) {
        Socket socket =
            new Socket(
                InetAddress.getLoopbackAddress(), port, InetAddress.getByName("127.0.0.2"), 0);
        socket.setSoTimeout(100);
        sockets.add(socket);
        try {
          OutputStream out = socket.getOutputStream();
          out.write(
              ("POST /api/v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      + "Content-Type: application/json\r\nContent-Length: 4096\r\n\r\n{")
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (IOException closedByServer) {
          // beyond the per-address bound: the server closed it at once
        }
      }
      trickle.scheduleAtFixedRate(this::oneByteEach, 1, 1, TimeUnit.SECONDS);
    }

    private synchronized void oneByteEach() {
      for (Socket socket : sockets) {
        try {
          socket.getOutputStream().write(' ');
          socket.getOutputStream().flush();
        } catch (IOException closedByServer) {
          // the server cut this one off: that is the point
        }
      }
    }

    /** What the server answered on connection {@code index}, waiting up to {@code limit}. */
    String awaitAnswer(int index, Duration limit) throws InterruptedException {
      Socket socket = sockets.get(index);
      long deadline = System.nanoTime() + limit.toNanos();
      StringBuilder answer = new StringBuilder();
      byte[] buffer = new byte[4096];
      while (System.nanoTime() < deadline) {
        try {
          int read = socket.getInputStream().read(buffer);
          if (read < 0) {
            break;
          }
          answer.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
          if (answer.indexOf("\r\n\r\n") >= 0) {
            break;
          }
        } catch (java.net.SocketTimeoutException notYet) {
          Thread.sleep(50);
        } catch (IOException reset) {
          break;
        }
      }
      return answer.toString();
    }

    @Override
    public synchronized void close() {
      trickle.shutdownNow();
      for (Socket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }
  }
}
