package dev.neuronwatch.integration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A slow-client attacker: {@code connections} threads, each holding a connection to the server from
 * its own loopback address ({@code 127.0.0.2}, so that the server's per-address connection bound
 * applies to it and not to the agents on {@code 127.0.0.1}) and sending a push whose body comes one
 * byte every {@code byteEvery}. When the server ends the connection (its body deadline, the
 * connection bound, a restart) the thread connects again at once.
 *
 * <pre>{@code
 * try (SlowClients attacker = SlowClients.start(server.uri(), 80, Duration.ofSeconds(2))) {
 *   ...
 *   attacker.timeoutAnswers(); // how many 408 answers the server sent
 * }
 * }</pre>
 */
final class SlowClients implements AutoCloseable {
  /** The attacker's own loopback address: Linux routes all of 127/8 to the loopback interface. */
  static final String ADDRESS = "127.0.0.2";

  private static final int BODY_BYTES = 100_000;

  private final URI server;
  private final Duration byteEvery;
  private final List<Thread> threads = new ArrayList<>();
  private final List<Socket> open = new ArrayList<>();
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong timeoutAnswers = new AtomicLong();
  private volatile boolean stopping;

  private SlowClients(URI server, Duration byteEvery) {
    this.server = server;
    this.byteEvery = byteEvery;
  }

  static SlowClients start(URI server, int connections, Duration byteEvery) {
    SlowClients attacker = new SlowClients(server, byteEvery);
    for (int i = 0; i < connections; i++) {
      Thread thread = new Thread(attacker::attack, "slow-client-" + i);
      thread.setDaemon(true);
      attacker.threads.add(thread);
      thread.start();
    }
    return attacker;
  }

  /** Connections made so far (each one a push whose body never arrives in time). */
  long connections() {
    return connections.get();
  }

  /** Answers 408 (the body read timeout) the attacker received. */
  long timeoutAnswers() {
    return timeoutAnswers.get();
  }

  private void attack() {
    while (!stopping) {
      try (Socket socket = new Socket()) {
        synchronized (open) {
          open.add(socket);
        }
        socket.bind(new InetSocketAddress(ADDRESS, 0));
        socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 2_000);
        connections.incrementAndGet();
        trickle(socket);
      } catch (IOException endedOrRefused) {
        // Ended by the server, or refused while it restarts: connect again.
      } finally {
        synchronized (open) {
          open.removeIf(Socket::isClosed);
        }
      }
      if (!stopping) {
        // Not a busy loop while the server is down.
        sleep(Duration.ofMillis(200));
      }
    }
  }

  /** Sends the headers, then one body byte every {@code byteEvery} until the server ends it. */
  private void trickle(Socket socket) throws IOException {
    OutputStream out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    out.write(
        ("POST /api/v1/push HTTP/1.1\r\nHost: "
                + server.getHost()
                + ":"
                + server.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + BODY_BYTES
                + "\r\n\r\n{")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    socket.setSoTimeout((int) Math.max(1, byteEvery.toMillis()));
    byte[] answer = new byte[512];
    for (int sent = 1; sent < BODY_BYTES && !stopping; sent++) {
      try {
        int read = in.read(answer);
        if (read < 0) {
          return;
        }
        if (new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 408")) {
          timeoutAnswers.incrementAndGet();
        }
        // Whatever the answer, the server is done with this request.
        return;
      } catch (SocketTimeoutException quiet) {
        // Nothing from the server within byteEvery: time for the next byte.
      }
      out.write(' ');
      out.flush();
    }
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stopping = true;
    synchronized (open) {
      for (Socket socket : open) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // Closing anyway.
        }
      }
    }
    for (Thread thread : threads) {
      thread.interrupt();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
