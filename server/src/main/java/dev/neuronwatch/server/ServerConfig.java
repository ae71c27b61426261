package dev.neuronwatch.server;

import dev.neuronwatch.server.rules.RuleSettings;
import dev.neuronwatch.settings.Check;
import dev.neuronwatch.settings.InvalidSettingException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How the server listens, what it accepts and how it judges. Immutable, validated by its
 * constructor ({@link InvalidSettingException} names the first wrong setting); every default is a
 * {@code DEFAULT_*} constant of this class.
 *
 * <ul>
 *   <li>{@code host} {@value #DEFAULT_HOST}, {@code port} {@value #DEFAULT_PORT} (0 picks a free
 *       port);
 *   <li>{@code maxBodyBytes} {@value #DEFAULT_MAX_BODY_BYTES} (1 MiB), the largest push body;
 *   <li>{@code resolvedAlertsKept} {@value #DEFAULT_RESOLVED_ALERTS_KEPT};
 *   <li>{@code maxRuns} {@value #DEFAULT_MAX_RUNS}: a push of a new run beyond it is answered 429;
 *   <li>{@code maxLayersPerRun} {@value #DEFAULT_MAX_LAYERS_PER_RUN}: a push that would give a run
 *       more distinct layers is answered 422;
 *   <li>{@code maxStoredLayers} 0: the memory budget in stored layers, sized from the heap when 0;
 *       a push that would add layers beyond it is answered 429, one run may hold a quarter;
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
 * <p>The YAML file uses the builder's names (Jackson binds it through the builder); every key is
 * optional, unknown keys are refused. Durations are written {@code 500ms}, {@code 30s}, {@code
 * 10m}, {@code 2h} or ISO-8601 ({@code PT10M}). The tokens are not read from the file: secrets come
 * from the environment ({@value #WRITE_TOKEN_ENV}, {@value #READ_TOKEN_ENV}) or the builder.
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
 *
 * @param maxStoredLayers the memory budget in stored layers (one run's one layer, about 11 KB of
 *     heap each); a push that would add layers beyond it is answered 429, and one run may hold a
 *     quarter of it at most; 0 (the default) sizes it from the maximum heap ({@code
 *     StoreBudget.fromHeap})
 * @param dataDir where the server keeps its durable journal ({@code PushJournal}): every accepted
 *     push is written there before it is answered and replayed at start-up; empty (the default)
 *     keeps everything in memory only
 * @param rateLimit sustained pushes per second per run, and per client address for pushes without
 *     the write token; 0 when unlimited
 * @param runTtl how long a finished run may go without a push before it is evicted; zero when never
 * @param stoppedRunTtl how long an unfinished run may go without a push before it is evicted; zero
 *     when never, else not shorter than a non-zero {@code runTtl}
 * @param bodyReadTimeout how long a push body may take to arrive in full
 * @param maxConnectionsPerAddress how many connections one client address may hold open at once
 * @param writeToken the bearer token of pushes and run deletions, or null when writes are open;
 *     visible ASCII without spaces, use a long random value
 * @param readToken the bearer token of {@code /metrics} and the read API, or null when reads are
 *     open
 */
public record ServerConfig(
    String host,
    int port,
    int maxBodyBytes,
    int resolvedAlertsKept,
    int maxRuns,
    int maxLayersPerRun,
    int maxStoredLayers,
    Optional<Path> dataDir,
    double rateLimit,
    int rateBurst,
    Duration runTtl,
    Duration stoppedRunTtl,
    Duration sweepInterval,
    Duration shutdownTimeout,
    Duration bodyReadTimeout,
    int maxConnectionsPerAddress,
    String writeToken,
    String readToken,
    RuleSettings rules) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9750;
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final int DEFAULT_RESOLVED_ALERTS_KEPT = 100;
  public static final int DEFAULT_MAX_RUNS = 1000;
  public static final int DEFAULT_MAX_LAYERS_PER_RUN = 512;

  /** 0: sized from the heap. */
  public static final int DEFAULT_MAX_STORED_LAYERS = 0;

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

  /**
   * @throws InvalidSettingException naming the first setting that is wrong
   */
  public ServerConfig {
    if (Check.required("host", host).isBlank()) {
      throw new InvalidSettingException("host", "must not be empty");
    }
    Check.closed("port", port, 0, 65535);
    Check.closed("maxBodyBytes", maxBodyBytes, 1, MAX_BODY_BYTES_LIMIT);
    Check.atLeast("resolvedAlertsKept", resolvedAlertsKept, 0);
    Check.atLeast("maxRuns", maxRuns, 1);
    Check.atLeast("maxLayersPerRun", maxLayersPerRun, 1);
    Check.atLeast("maxStoredLayers", maxStoredLayers, 0);
    Check.required("dataDir", dataDir);
    Check.atLeast("rateLimit", rateLimit, 0);
    Check.atLeast("rateBurst", rateBurst, 1);
    Check.notNegative("runTtl", runTtl);
    Check.notNegative("stoppedRunTtl", stoppedRunTtl);
    if (!stoppedRunTtl.isZero() && !runTtl.isZero() && stoppedRunTtl.compareTo(runTtl) < 0) {
      throw new InvalidSettingException(
          "stoppedRunTtl",
          "must be 0 (never) or at least runTtl ("
              + DurationText.format(runTtl)
              + "), was "
              + DurationText.format(stoppedRunTtl));
    }
    Check.positive("sweepInterval", sweepInterval);
    Check.notNegative("shutdownTimeout", shutdownTimeout);
    Check.positive("bodyReadTimeout", bodyReadTimeout);
    Check.atLeast("maxConnectionsPerAddress", maxConnectionsPerAddress, 1);
    Check.bearerToken("writeToken", writeToken);
    Check.bearerToken("readToken", readToken);
    Check.required("rules", rules);
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

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.host = host;
    b.port = port;
    b.maxBodyBytes = maxBodyBytes;
    b.resolvedAlertsKept = resolvedAlertsKept;
    b.maxRuns = maxRuns;
    b.maxLayersPerRun = maxLayersPerRun;
    b.maxStoredLayers = maxStoredLayers;
    b.dataDir = dataDir.orElse(null);
    b.rateLimit = rateLimit;
    b.rateBurst = rateBurst;
    b.runTtl = runTtl;
    b.stoppedRunTtl = stoppedRunTtl;
    b.sweepInterval = sweepInterval;
    b.shutdownTimeout = shutdownTimeout;
    b.bodyReadTimeout = bodyReadTimeout;
    b.maxConnectionsPerAddress = maxConnectionsPerAddress;
    b.writeToken = writeToken;
    b.readToken = readToken;
    b.rules = rules;
    return b;
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
        + dataDir.orElse(null)
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

  /**
   * Builds {@link ServerConfig}; starts from the defaults, {@link #build()} validates. Each setting
   * is described on {@link ServerConfig}; null tokens and data directory mean none.
   */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int resolvedAlertsKept = DEFAULT_RESOLVED_ALERTS_KEPT;
    private int maxRuns = DEFAULT_MAX_RUNS;
    private int maxLayersPerRun = DEFAULT_MAX_LAYERS_PER_RUN;
    private int maxStoredLayers = DEFAULT_MAX_STORED_LAYERS;
    private Path dataDir;
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

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    public Builder resolvedAlertsKept(int resolvedAlertsKept) {
      this.resolvedAlertsKept = resolvedAlertsKept;
      return this;
    }

    public Builder maxRuns(int maxRuns) {
      this.maxRuns = maxRuns;
      return this;
    }

    public Builder maxLayersPerRun(int maxLayersPerRun) {
      this.maxLayersPerRun = maxLayersPerRun;
      return this;
    }

    public Builder maxStoredLayers(int maxStoredLayers) {
      this.maxStoredLayers = maxStoredLayers;
      return this;
    }

    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    public Builder rateLimit(double rateLimit) {
      this.rateLimit = rateLimit;
      return this;
    }

    public Builder rateBurst(int rateBurst) {
      this.rateBurst = rateBurst;
      return this;
    }

    public Builder runTtl(Duration runTtl) {
      this.runTtl = runTtl;
      return this;
    }

    public Builder stoppedRunTtl(Duration stoppedRunTtl) {
      this.stoppedRunTtl = stoppedRunTtl;
      return this;
    }

    public Builder sweepInterval(Duration sweepInterval) {
      this.sweepInterval = sweepInterval;
      return this;
    }

    public Builder shutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
      return this;
    }

    public Builder bodyReadTimeout(Duration bodyReadTimeout) {
      this.bodyReadTimeout = bodyReadTimeout;
      return this;
    }

    public Builder maxConnectionsPerAddress(int maxConnectionsPerAddress) {
      this.maxConnectionsPerAddress = maxConnectionsPerAddress;
      return this;
    }

    public Builder writeToken(String writeToken) {
      this.writeToken = writeToken;
      return this;
    }

    public Builder readToken(String readToken) {
      this.readToken = readToken;
      return this;
    }

    public Builder rules(RuleSettings rules) {
      this.rules = rules;
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

    /**
     * @throws InvalidSettingException naming the first setting that is wrong
     */
    public ServerConfig build() {
      return new ServerConfig(
          host,
          port,
          maxBodyBytes,
          resolvedAlertsKept,
          maxRuns,
          maxLayersPerRun,
          maxStoredLayers,
          Optional.ofNullable(dataDir),
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
  }
}
