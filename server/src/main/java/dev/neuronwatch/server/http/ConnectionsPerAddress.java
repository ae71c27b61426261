package dev.neuronwatch.server.http;

import dev.neuronwatch.server.metrics.RejectionReason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.IdleTimeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the connections one client address holds open at once. At the bound, a new connection
 * takes the place of that address's longest-idle connection, one with no request in progress that
 * has seen no traffic for {@value #RECLAIM_IDLE_MILLIS} ms. HTTP clients keep finished connections
 * open for reuse (until the server's 30 s idle timeout ends them), so a host that runs many short
 * training jobs, or many agents behind one proxy, would otherwise fill the bound with idle
 * connections and be shut out, scrapes included. When no such connection exists the new connection
 * is closed as soon as it opens, and counted ({@code connection_limit}) and logged. One misbehaving
 * host then cannot take every connection or thread, while other addresses keep being served.
 *
 * <pre>{@code
 * connector.addBean(new ConnectionsPerAddress(64, reason -> metrics.rejected(reason)));
 * }</pre>
 */
final class ConnectionsPerAddress implements Connection.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionsPerAddress.class);
  private final ThrottledWarning refusals =
      new ThrottledWarning(ThrottledWarning.DEFAULT_INTERVAL, LOG::warn);

  /** How long a connection without a request in progress must have been quiet to be reclaimed. */
  static final long RECLAIM_IDLE_MILLIS = 250;

  private final int limit;
  private final Consumer<RejectionReason> rejected;
  // Guarded by this.
  private final Map<InetAddress, Set<Connection>> open = new HashMap<>();
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
    boolean admitted;
    Connection reclaimed = null;
    synchronized (this) {
      Set<Connection> from = open.computeIfAbsent(address, key -> new HashSet<>());
      if (from.size() >= limit) {
        reclaimed = longestIdle(from);
        if (reclaimed != null) {
          from.remove(reclaimed);
        }
      }
      admitted = from.size() < limit;
      if (admitted) {
        from.add(connection);
      }
    }
    if (reclaimed != null) {
      LOG.debug(
          "closed an idle connection from {} to admit a new one (limit {})",
          address.getHostAddress(),
          limit);
      reclaimed.close();
    }
    if (!admitted) {
      refused.add(connection);
      rejected.accept(RejectionReason.CONNECTION_LIMIT);
      refusals.warn(
          () ->
              "connection from "
                  + address.getHostAddress()
                  + " closed: that address already holds "
                  + limit
                  + " connections (the limit), none of them idle");
      connection.getEndPoint().close();
    }
  }

  /**
   * The connection that has been quiet longest among those with every request answered (or none
   * yet), if it has been quiet for at least {@value #RECLAIM_IDLE_MILLIS} ms.
   */
  private static Connection longestIdle(Set<Connection> connections) {
    Connection longest = null;
    long longestIdle = RECLAIM_IDLE_MILLIS - 1;
    for (Connection candidate : connections) {
      long idle = candidate.getEndPoint() instanceof IdleTimeout quiet ? quiet.getIdleFor() : 0;
      if (candidate.getMessagesIn() == candidate.getMessagesOut() && idle > longestIdle) {
        longest = candidate;
        longestIdle = idle;
      }
    }
    return longest;
  }

  @Override
  public void onClosed(Connection connection) {
    if (refused.remove(connection)) {
      return;
    }
    InetAddress address = addressOf(connection);
    if (address != null) {
      synchronized (this) {
        Set<Connection> from = open.get(address);
        if (from != null && from.remove(connection) && from.isEmpty()) {
          open.remove(address);
        }
      }
    }
  }

  private static InetAddress addressOf(Connection connection) {
    SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
    return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }
}
