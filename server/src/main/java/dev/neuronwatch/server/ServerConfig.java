package dev.neuronwatch.server;

import dev.neuronwatch.server.rules.RuleSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How the server listens and judges: host (default {@value #DEFAULT_HOST}), port (default {@value
 * #DEFAULT_PORT}; 0 picks a free port), the largest push body (default {@value
 * #DEFAULT_MAX_BODY_BYTES} bytes, 1 MiB), how many resolved alerts the API keeps (default {@value
 * #DEFAULT_RESOLVED_ALERTS_KEPT}) and the rule thresholds. Immutable.
 *
 * <pre>{@code
 * ServerConfig config =
 *     ServerConfig.builder().port(0).rules(RuleSettings.builder().hold(5).build()).build();
 * ServerConfig fromFile = ServerConfig.fromYaml(Path.of("neuronwatch.yaml"));
 * }</pre>
 *
 * <p>The YAML file uses the builder's names; every key is optional, unknown keys are refused:
 *
 * <pre>{@code
 * host: 0.0.0.0
 * port: 9750
 * maxBodyBytes: 1048576
 * resolvedAlertsKept: 100
 * rules:
 *   hold: 3
 *   deadUnitRatio: 0.5
 * }</pre>
 */
public final class ServerConfig {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9750;
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final int DEFAULT_RESOLVED_ALERTS_KEPT = 100;

  /** The largest body limit accepted: bodies are buffered in memory. */
  public static final int MAX_BODY_BYTES_LIMIT = 256 * 1024 * 1024;

  private final String host;
  private final int port;
  private final int maxBodyBytes;
  private final int resolvedAlertsKept;
  private final RuleSettings rules;

  private ServerConfig(Builder b) {
    host = b.host;
    port = b.port;
    maxBodyBytes = b.maxBodyBytes;
    resolvedAlertsKept = b.resolvedAlertsKept;
    rules = b.rules;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The configuration with every default. */
  public static ServerConfig defaults() {
    return builder().build();
  }

  /**
   * Reads a YAML configuration file; absent keys keep their defaults.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException naming the file and the key when the content is wrong
   */
  public static ServerConfig fromYaml(Path file) throws IOException {
    return ServerConfigYaml.read(file);
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  public int resolvedAlertsKept() {
    return resolvedAlertsKept;
  }

  public RuleSettings rules() {
    return rules;
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    return builder()
        .host(host)
        .port(port)
        .maxBodyBytes(maxBodyBytes)
        .resolvedAlertsKept(resolvedAlertsKept)
        .rules(rules);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ServerConfig that
        && host.equals(that.host)
        && port == that.port
        && maxBodyBytes == that.maxBodyBytes
        && resolvedAlertsKept == that.resolvedAlertsKept
        && rules.equals(that.rules);
  }

  @Override
  public int hashCode() {
    return Objects.hash(host, port, maxBodyBytes, resolvedAlertsKept, rules);
  }

  @Override
  public String toString() {
    return "ServerConfig{host="
        + host
        + ", port="
        + port
        + ", maxBodyBytes="
        + maxBodyBytes
        + ", resolvedAlertsKept="
        + resolvedAlertsKept
        + ", rules="
        + rules.asMap()
        + "}";
  }

  /** Builds {@link ServerConfig}; starts from the defaults. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int resolvedAlertsKept = DEFAULT_RESOLVED_ALERTS_KEPT;
    private RuleSettings rules = RuleSettings.defaults();

    private Builder() {}

    /** The address to bind, a host name or IP literal. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The TCP port, 0 to 65535; 0 binds a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The largest accepted push body in bytes; 1 to {@link #MAX_BODY_BYTES_LIMIT} (256 MiB). */
    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /** How many resolved alerts {@code /api/v1/alerts} keeps; at least 0. */
    public Builder resolvedAlertsKept(int resolvedAlertsKept) {
      this.resolvedAlertsKept = resolvedAlertsKept;
      return this;
    }

    /** The rule thresholds. */
    public Builder rules(RuleSettings rules) {
      this.rules = rules;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first field that is wrong
     */
    public ServerConfig build() {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("host must not be empty");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
      }
      if (maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_BYTES_LIMIT) {
        throw new IllegalArgumentException(
            "maxBodyBytes must be in [1, " + MAX_BODY_BYTES_LIMIT + "], was " + maxBodyBytes);
      }
      if (resolvedAlertsKept < 0) {
        throw new IllegalArgumentException(
            "resolvedAlertsKept must not be negative, was " + resolvedAlertsKept);
      }
      if (rules == null) {
        throw new IllegalArgumentException("rules must not be null");
      }
      return new ServerConfig(this);
    }
  }
}
