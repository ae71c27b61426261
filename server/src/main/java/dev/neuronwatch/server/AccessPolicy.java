package dev.neuronwatch.server;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What the start-up log says about who may write and read: one line on the tokens, and whether to
 * warn that anyone who can reach the port can write (a non-loopback address without a write token).
 *
 * <pre>{@code
 * LOG.info(AccessPolicy.describe(config));
 * if (AccessPolicy.writesExposed(config)) LOG.warn(AccessPolicy.exposureWarning(config));
 * }</pre>
 */
final class AccessPolicy {
  private AccessPolicy() {}

  static String describe(ServerConfig config) {
    return "access: writes (push, run deletion) "
        + (config.writeToken() == null ? "are open" : "require the write token")
        + "; reads (/metrics, /api/v1/alerts, /api/v1/runs) "
        + (config.readToken() == null ? "are open" : "require the read token")
        + "; /health is open";
  }

  /** True when the server listens beyond this machine and takes writes from anyone. */
  static boolean writesExposed(ServerConfig config) {
    return config.writeToken() == null && !isLoopback(config.host());
  }

  static String exposureWarning(ServerConfig config) {
    return "listening on "
        + config.host()
        + " without a write token: anyone who can reach the port can push data and delete runs;"
        + " set "
        + ServerConfig.WRITE_TOKEN_ENV
        + " or bind 127.0.0.1";
  }

  /** Unresolvable names count as not loopback: warn rather than stay silent. */
  static boolean isLoopback(String host) {
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
