package dev.neuronwatch.server.http;

import dev.neuronwatch.server.metrics.RejectionReason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the connections one client address holds open at once: a connection beyond the bound is
 * closed as soon as it opens, and counted ({@code connection_limit}) and logged. One misbehaving
 * host then cannot take every connection or thread, while other addresses keep being served.
 *
 * <pre>{@code
 * connector.addBean(new ConnectionsPerAddress(64, reason -> metrics.rejected(reason)));
 * }</pre>
 */
final class ConnectionsPerAddress implements Connection.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionsPerAddress.class);

  private final int limit;
  private final Consumer<RejectionReason> rejected;
  private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();
  private final Set<Connection> refused = ConcurrentHashMap.newKeySet();

  ConnectionsPerAddress(int limit, Consumer<RejectionReason> rejected) {
    this.limit = limit;
    this.rejected = rejected;
  }

  @Override
  public void onOpened(Connection connection) {
    InetAddress address = addressOf(connection);
    if (address == null) {
      return;
    }
    int[] now = new int[1];
    open.compute(
        address,
        (key, count) -> {
          int current = count == null ? 0 : count;
          now[0] = current;
          return current < limit ? current + 1 : current;
        });
    if (now[0] >= limit) {
      refused.add(connection);
      rejected.accept(RejectionReason.CONNECTION_LIMIT);
      LOG.warn(
          "connection from {} closed: that address already holds {} connections (the limit)",
          address.getHostAddress(),
          limit);
      connection.getEndPoint().close();
    }
  }

  @Override
  public void onClosed(Connection connection) {
    if (refused.remove(connection)) {
      return;
    }
    InetAddress address = addressOf(connection);
    if (address != null) {
      open.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
    }
  }

  /** Connections open now from {@code address}. */
  int openFrom(InetAddress address) {
    return open.getOrDefault(address, 0);
  }

  private static InetAddress addressOf(Connection connection) {
    SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
    return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }
}
