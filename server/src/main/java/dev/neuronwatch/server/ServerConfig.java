package dev.neuronwatch.server;

import dev.neuronwatch.server.rules.RuleSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the server listens, what it accepts and how it judges. Immutable; every default is a {@code
 * DEFAULT_*} constant of this class.
 *
 * <ul>
 *   <li>{@code host} {@value #DEFAULT_HOST}, {@code port} {@value #DEFAULT_PORT} (0 picks a free
 *       port);
 *   <li>{@code maxBodyBytes} {@value #DEFAULT_MAX_BODY_BYTES} (1 MiB), the largest push body;
 *   <li>{@code resolvedAlertsKept} {@value #DEFAULT_RESOLVED_ALERTS_KEPT};
 *   <li>{@code maxRuns} {@value #DEFAULT_MAX_RUNS}: a push of a new run beyond it is answered 429;
 *   <li>{@code maxLayersPerRun} {@value #DEFAULT_MAX_LAYERS_PER_RUN}: a push that would give a run
 *       more distinct layers is answered 422;
 *   <li>{@code maxStoredLayers} 0: the memory budget in stored layers, sized from the heap when
 *       0; a push that would add layers beyond it is answered 429, one run may hold a quarter;
 *   <li>{@code rateLimit} {@value #DEFAULT_RATE_LIMIT} pushes per second per run (and, for pushes
 *       without the write token, per client address), with bursts of {@code rateBurst} {@value
 *       #DEFAULT_RATE_BURST}; beyond, 429 with Retry-After; 0 turns the limit off;
 *   <li>{@code runTtl} 10 minutes: a FINISHED run without a push for that long is evicted (0 =
 *       never), looked for every {@code sweepInterval} (30 seconds);
 *   <li>{@code stoppedRunTtl} 24 hours: an UNFINISHED run (its agent crashed or hangs: the run is
 *       {@code stopped}) is kept that long after its last push, so that NeuronwatchAgentStopped
 *       stays firing in Prometheus until someone deletes the run or this passes (0 = never; never
 *       shorter than {@code runTtl});
 *   <li>{@code shutdownTimeout} 5 seconds: how long {@code stop()} lets requests in flight finish;
 *   <li>{@code bodyReadTimeout} 10 seconds: a push whose body has not arrived in full by then is
 *       answered 408 and its connection closed (bodies are read without holding a thread);
 *   <li>{@code maxConnectionsPerAddress} {@value #DEFAULT_MAX_CONNECTIONS_PER_ADDRESS}: connections
 *       one client address may hold open at once; further ones are closed at once, logged and
 *       counted;
 *   <li>{@code writeToken} and {@code readToken}, none by default: the bearer tokens that pushes
 *       and run deletions, and reads of {@code /metrics} and {@code /api/v1/*}, must carry;
 *   <li>{@code rules}, the alert thresholds ({@link RuleSettings}).
 * </ul>
 *
 * <pre>{@code
 * ServerConfig config = ServerConfig.builder()
 *     .port(0)
 *     .runTtl(Duration.ofMinutes(30))
 *     .tokensFromEnvironment(System.getenv())
 *     .build();
 * ServerConfig fromFile = ServerConfig.fromYaml(Path.of("neuronwatch.yaml"));
 * }</pre>
 *
 * <p>The YAML file uses the builder's names; every key is optional, unknown keys are refused.
 * Durations are written {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h} or ISO-8601 ({@code
 * PT10M}). The tokens are not read from the file: secrets come from the environment ({@value
 * #WRITE_TOKEN_ENV}, {@value #READ_TOKEN_ENV}) or the builder.
 *
 * <pre>{@code
 * host: 0.0.0.0
 * port: 9750
 * maxBodyBytes: 1048576
 * maxRuns: 1000
 * maxLayersPerRun: 512
 * rateLimit: 50
 * rateBurst: 100
 * runTtl: 10m
 * stoppedRunTtl: 24h
 * rules:
 *   hold: 3
 * }</pre>
 */
public final class ServerConfig {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9750;
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final int DEFAULT_RESOLVED_ALERTS_KEPT = 100;
  public static final int DEFAULT_MAX_RUNS = 1000;
  public static final int DEFAULT_MAX_LAYERS_PER_RUN = 512;
  public static final double DEFAULT_RATE_LIMIT = 50;
  public static final int DEFAULT_RATE_BURST = 100;
  public static final Duration DEFAULT_RUN_TTL = Duration.ofMinutes(10);
  public static final Duration DEFAULT_STOPPED_RUN_TTL = Duration.ofHours(24);
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_BODY_READ_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 64;

  /** The environment variable {@link Builder#tokensFromEnvironment} reads the write token from. */
  public static final String WRITE_TOKEN_ENV = "NEURONWATCH_WRITE_TOKEN";

  /** The environment variable {@link Builder#tokensFromEnvironment} reads the read token from. */
  public static final String READ_TOKEN_ENV = "NEURONWATCH_READ_TOKEN";

  /** The largest body limit accepted: bodies are buffered in memory. */
  public static final int MAX_BODY_BYTES_LIMIT = 256 * 1024 * 1024;

  private final String host;
  private final int port;
  private final int maxBodyBytes;
  private final int resolvedAlertsKept;
  private final int maxRuns;
  private final int maxLayersPerRun;
  private final int maxStoredLayers;
  private final java.nio.file.Path dataDir;
  private final double rateLimit;
  private final int rateBurst;
  private final Duration runTtl;
  private final Duration stoppedRunTtl;
  private final Duration sweepInterval;
  private final Duration shutdownTimeout;
  private final Duration bodyReadTimeout;
  private final int maxConnectionsPerAddress;
  private final String writeToken;
  private final String readToken;
  private final RuleSettings rules;

  private ServerConfig(Builder b) {
    host = b.host;
    port = b.port;
    maxBodyBytes = b.maxBodyBytes;
    resolvedAlertsKept = b.resolvedAlertsKept;
    maxRuns = b.maxRuns;
    maxLayersPerRun = b.maxLayersPerRun;
    maxStoredLayers = b.maxStoredLayers;
    dataDir = b.dataDir;
    rateLimit = b.rateLimit;
    rateBurst = b.rateBurst;
    runTtl = b.runTtl;
    stoppedRunTtl = b.stoppedRunTtl;
    sweepInterval = b.sweepInterval;
    shutdownTimeout = b.shutdownTimeout;
    bodyReadTimeout = b.bodyReadTimeout;
    maxConnectionsPerAddress = b.maxConnectionsPerAddress;
    writeToken = b.writeToken;
    readToken = b.readToken;
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

  public int maxRuns() {
    return maxRuns;
  }

  public int maxLayersPerRun() {
    return maxLayersPerRun;
  }

  /**
   * The memory budget in stored layers (one run's one layer); 0 (the default) sizes it from the
   * maximum heap ({@code StoreBudget.fromHeap}).
   */
  public int maxStoredLayers() {
    return maxStoredLayers;
  }

  /**
   * Where the server keeps its durable journal ({@code PushJournal}); empty (the default) keeps
   * everything in memory only.
   */
  public java.util.Optional<java.nio.file.Path> dataDir() {
    return java.util.Optional.ofNullable(dataDir);
  }

  /**
   * Pushes per second per run, and per client address for pushes without the write token; 0 when
   * unlimited.
   */
  public double rateLimit() {
    return rateLimit;
  }

  public int rateBurst() {
    return rateBurst;
  }

  /** How long a finished run may go without a push before it is evicted; zero when never. */
  public Duration runTtl() {
    return runTtl;
  }

  /** How long an unfinished run may go without a push before it is evicted; zero when never. */
  public Duration stoppedRunTtl() {
    return stoppedRunTtl;
  }

  public Duration sweepInterval() {
    return sweepInterval;
  }

  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  /** How long a push body may take to arrive in full. */
  public Duration bodyReadTimeout() {
    return bodyReadTimeout;
  }

  /** How many connections one client address may hold open at once. */
  public int maxConnectionsPerAddress() {
    return maxConnectionsPerAddress;
  }

  /** The bearer token writes must carry, or null when writes are open. */
  public String writeToken() {
    return writeToken;
  }

  /** The bearer token reads must carry, or null when reads are open. */
  public String readToken() {
    return readToken;
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
        .maxRuns(maxRuns)
        .maxLayersPerRun(maxLayersPerRun)
        .maxStoredLayers(maxStoredLayers)
        .dataDir(dataDir)
        .rateLimit(rateLimit)
        .rateBurst(rateBurst)
        .runTtl(runTtl)
        .stoppedRunTtl(stoppedRunTtl)
        .sweepInterval(sweepInterval)
        .shutdownTimeout(shutdownTimeout)
        .bodyReadTimeout(bodyReadTimeout)
        .maxConnectionsPerAddress(maxConnectionsPerAddress)
        .writeToken(writeToken)
        .readToken(readToken)
        .rules(rules);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ServerConfig that
        && host.equals(that.host)
        && port == that.port
        && maxBodyBytes == that.maxBodyBytes
        && resolvedAlertsKept == that.resolvedAlertsKept
        && maxRuns == that.maxRuns
        && maxLayersPerRun == that.maxLayersPerRun
        && maxStoredLayers == that.maxStoredLayers
        && Objects.equals(dataDir, that.dataDir)
        && Double.compare(rateLimit, that.rateLimit) == 0
        && rateBurst == that.rateBurst
        && runTtl.equals(that.runTtl)
        && stoppedRunTtl.equals(that.stoppedRunTtl)
        && sweepInterval.equals(that.sweepInterval)
        && shutdownTimeout.equals(that.shutdownTimeout)
        && bodyReadTimeout.equals(that.bodyReadTimeout)
        && maxConnectionsPerAddress == that.maxConnectionsPerAddress
        && Objects.equals(writeToken, that.writeToken)
        && Objects.equals(readToken, that.readToken)
        && rules.equals(that.rules);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        host,
        port,
        maxBodyBytes,
        resolvedAlertsKept,
        maxRuns,
        maxLayersPerRun,
        maxStoredLayers,
        dataDir,
        rateLimit,
        rateBurst,
        runTtl,
        stoppedRunTtl,
        sweepInterval,
        shutdownTimeout,
        bodyReadTimeout,
        maxConnectionsPerAddress,
        writeToken,
        readToken,
        rules);
  }

  /** Every setting, the tokens only as set or not. */
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
        + ", maxRuns="
        + maxRuns
        + ", maxLayersPerRun="
        + maxLayersPerRun
        + ", maxStoredLayers="
        + maxStoredLayers
        + ", dataDir="
        + dataDir
        + ", rateLimit="
        + rateLimit
        + ", rateBurst="
        + rateBurst
        + ", runTtl="
        + DurationText.format(runTtl)
        + ", stoppedRunTtl="
        + DurationText.format(stoppedRunTtl)
        + ", sweepInterval="
        + DurationText.format(sweepInterval)
        + ", shutdownTimeout="
        + DurationText.format(shutdownTimeout)
        + ", bodyReadTimeout="
        + DurationText.format(bodyReadTimeout)
        + ", maxConnectionsPerAddress="
        + maxConnectionsPerAddress
        + ", writeToken="
        + (writeToken == null ? "none" : "set")
        + ", readToken="
        + (readToken == null ? "none" : "set")
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
    private int maxRuns = DEFAULT_MAX_RUNS;
    private int maxLayersPerRun = DEFAULT_MAX_LAYERS_PER_RUN;
    private int maxStoredLayers;
    private java.nio.file.Path dataDir;
    private double rateLimit = DEFAULT_RATE_LIMIT;
    private int rateBurst = DEFAULT_RATE_BURST;
    private Duration runTtl = DEFAULT_RUN_TTL;
    private Duration stoppedRunTtl = DEFAULT_STOPPED_RUN_TTL;
    private Duration sweepInterval = DEFAULT_SWEEP_INTERVAL;
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    private Duration bodyReadTimeout = DEFAULT_BODY_READ_TIMEOUT;
    private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
    private String writeToken;
    private String readToken;
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

    /** The most runs the server tracks at once; at least 1. */
    public Builder maxRuns(int maxRuns) {
      this.maxRuns = maxRuns;
      return this;
    }

    /** The most distinct layers one run may report; at least 1. */
    public Builder maxLayersPerRun(int maxLayersPerRun) {
      this.maxLayersPerRun = maxLayersPerRun;
      return this;
    }

    /**
     * The memory budget: the most stored layers (one run's one layer, about 24 KB of heap each) the
     * server holds in all; a push that would add layers beyond it is answered 429, and one run may
     * hold a quarter of it at most. Default 0: sized from the maximum heap. At least 0.
     */
    public Builder maxStoredLayers(int maxStoredLayers) {
      this.maxStoredLayers = maxStoredLayers;
      return this;
    }

    /**
     * The directory of the durable journal: every accepted push is written there before it is
     * answered and replayed at start-up. Default null: in memory only.
     */
    public Builder dataDir(java.nio.file.Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /**
     * Sustained pushes per second allowed per run (per client address for pushes without the write
     * token); at least 0, 0 = unlimited.
     */
    public Builder rateLimit(double rateLimit) {
      this.rateLimit = rateLimit;
      return this;
    }

    /** Pushes a client may send at once before the rate applies; at least 1. */
    public Builder rateBurst(int rateBurst) {
      this.rateBurst = rateBurst;
      return this;
    }

    /** Idle time after which a run is evicted; zero never evicts; not negative. */
    public Builder runTtl(Duration runTtl) {
      this.runTtl = runTtl;
      return this;
    }

    /** How often idle runs are looked for; positive. */
    /**
     * Idle time after which an unfinished (stopped) run is evicted; zero never evicts; not
     * negative, and not shorter than a non-zero {@code runTtl}.
     */
    public Builder stoppedRunTtl(Duration stoppedRunTtl) {
      this.stoppedRunTtl = stoppedRunTtl;
      return this;
    }

    public Builder sweepInterval(Duration sweepInterval) {
      this.sweepInterval = sweepInterval;
      return this;
    }

    /** How long stopping waits for requests in flight; not negative. */
    public Builder shutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
      return this;
    }

    /** How long a push body may take to arrive in full; positive. */
    public Builder bodyReadTimeout(Duration bodyReadTimeout) {
      this.bodyReadTimeout = bodyReadTimeout;
      return this;
    }

    /** How many connections one client address may hold open at once; at least 1. */
    public Builder maxConnectionsPerAddress(int maxConnectionsPerAddress) {
      this.maxConnectionsPerAddress = maxConnectionsPerAddress;
      return this;
    }

    /**
     * The bearer token of pushes and run deletions, null for none. Visible ASCII without spaces;
     * use a long random value.
     */
    public Builder writeToken(String writeToken) {
      this.writeToken = writeToken;
      return this;
    }

    /** The bearer token of {@code /metrics} and the read API, null for none. */
    public Builder readToken(String readToken) {
      this.readToken = readToken;
      return this;
    }

    /**
     * Takes the tokens from {@value #WRITE_TOKEN_ENV} and {@value #READ_TOKEN_ENV} when {@code
     * environment} (e.g. {@code System.getenv()}) has them non-empty; others stay as they are.
     */
    public Builder tokensFromEnvironment(Map<String, String> environment) {
      String write = environment.get(WRITE_TOKEN_ENV);
      if (write != null && !write.isEmpty()) {
        writeToken = write;
      }
      String read = environment.get(READ_TOKEN_ENV);
      if (read != null && !read.isEmpty()) {
        readToken = read;
      }
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
      atLeastOne("maxRuns", maxRuns);
      atLeastOne("maxLayersPerRun", maxLayersPerRun);
      if (maxStoredLayers < 0) {
        throw new IllegalArgumentException(
            "maxStoredLayers must be at least 0 (0 = sized from the heap), was " + maxStoredLayers);
      }
      if (!Double.isFinite(rateLimit) || rateLimit < 0) {
        throw new IllegalArgumentException(
            "rateLimit must be a finite number at least 0, was " + rateLimit);
      }
      atLeastOne("rateBurst", rateBurst);
      notNegative("runTtl", runTtl);
      notNegative("stoppedRunTtl", stoppedRunTtl);
      if (!stoppedRunTtl.isZero() && !runTtl.isZero() && stoppedRunTtl.compareTo(runTtl) < 0) {
        throw new IllegalArgumentException(
            "stoppedRunTtl must be 0 (never) or at least runTtl ("
                + DurationText.format(runTtl)
                + "), was "
                + DurationText.format(stoppedRunTtl));
      }
      notNegative("sweepInterval", sweepInterval);
      if (sweepInterval.isZero()) {
        throw new IllegalArgumentException("sweepInterval must be positive, was 0s");
      }
      notNegative("shutdownTimeout", shutdownTimeout);
      notNegative("bodyReadTimeout", bodyReadTimeout);
      if (bodyReadTimeout.isZero()) {
        throw new IllegalArgumentException("bodyReadTimeout must be positive, was 0s");
      }
      atLeastOne("maxConnectionsPerAddress", maxConnectionsPerAddress);
      checkToken("writeToken", writeToken);
      checkToken("readToken", readToken);
      if (rules == null) {
        throw new IllegalArgumentException("rules must not be null");
      }
      return new ServerConfig(this);
    }

    private static void atLeastOne(String field, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(field + " must be at least 1, was " + value);
      }
    }

    private static void notNegative(String field, Duration value) {
      if (value == null) {
        throw new IllegalArgumentException(field + " must not be null");
      }
      if (value.isNegative()) {
        throw new IllegalArgumentException(
            field + " must not be negative, was " + DurationText.format(value));
      }
    }

    private static void checkToken(String field, String token) {
      if (token == null) {
        return;
      }
      if (token.isEmpty()) {
        throw new IllegalArgumentException(field + " must not be empty (null means none)");
      }
      for (int i = 0; i < token.length(); i++) {
        char c = token.charAt(i);
        if (c < 0x21 || c > 0x7e) {
          // The value travels in an HTTP header: no spaces, controls or non-ASCII.
          throw new IllegalArgumentException(
              field + " must be visible ASCII characters without spaces");
        }
      }
    }
  }
}
