package dev.neuronwatch.agent.push;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback server that answers every request with the headers of a 200 and the first bytes of its
 * body, then sends nothing more while keeping the connection open until closed: a server that hangs
 * halfway through its answer. {@link #trickling(Duration)} makes one that sends the rest of the
 * body a space at a time instead, too slowly for any timeout of a single read to fire.
 *
 * <pre>{@code
 * try (StallingServer stalling = new StallingServer()) {
 *   client = new PushClient(stalling.uri(), connectTimeout, requestTimeout);
 * }
 * }</pre>
 */
final class StallingServer implements AutoCloseable {
  private static final byte[] HEAD =
      ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
              + "{\"accepted\":")
          .getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket socket;
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private final Thread acceptor;
  private final Duration trickle;

  StallingServer() throws IOException {
    this(null);
  }

  /** A server sending one byte of the body every {@code every}, without end. */
  static StallingServer trickling(Duration every) throws IOException {
    return new StallingServer(every);
  }

  private StallingServer(Duration trickle) throws IOException {
    this.trickle = trickle;
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::serve, "stalling-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort());
  }

  private void serve() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        held.add(connection);
        InputStream in = connection.getInputStream();
        byte[] request = new byte[64 * 1024];
        if (in.read(request) > 0) {
          OutputStream out = connection.getOutputStream();
          out.write(HEAD);
          out.flush();
          if (trickle != null) {
            Thread dripping = new Thread(() -> drip(out), "trickling-server");
            dripping.setDaemon(true);
            dripping.start();
          }
        }
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void drip(OutputStream out) {
    try {
      while (!socket.isClosed()) {
        Thread.sleep(trickle.toMillis());
        out.write(' ');
        out.flush();
      }
    } catch (IOException | InterruptedException closed) {
      // The client gave up, or the server is closing.
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket connection : held) {
      connection.close();
    }
  }
}
