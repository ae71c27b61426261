package dev.neuronwatch.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A loopback TCP port that was free a moment ago, for programs that must be told their port (the
 * Prometheus and Alertmanager binaries) rather than report one they chose. Another process could
 * take it in between; on a test machine that is rare enough, and the readiness check would catch
 * it.
 *
 * <pre>{@code
 * int port = FreePort.pick();
 * // prometheus --web.listen-address=127.0.0.1:<port>
 * }</pre>
 */
final class FreePort {
  private FreePort() {}

  static int pick() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
