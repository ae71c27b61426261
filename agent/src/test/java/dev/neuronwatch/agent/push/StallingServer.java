package dev.neuronwatch.agent.push;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback server that answers every request with the headers of a 200 and the first bytes of its
 * body, then sends nothing more while keeping the connection open until closed: a server that hangs
 * halfway through its answer.
 */
final class StallingServer implements AutoCloseable {
  private static final byte[] HEAD =
      ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
              + "{\"accepted\":")
          .getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket socket;
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  StallingServer() throws IOException {
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
        }
      } catch (IOException closed) {
        return;
      }
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
