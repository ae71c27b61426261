package dev.neuronwatch.server;

import dev.neuronwatch.server.durable.PushJournal;
import dev.neuronwatch.server.health.JvmProcessMetrics;
import dev.neuronwatch.server.history.TrainingHistory;
import dev.neuronwatch.server.http.AlertsController;
import dev.neuronwatch.server.http.BearerAuth;
import dev.neuronwatch.server.http.HttpApi;
import dev.neuronwatch.server.http.IngestController;
import dev.neuronwatch.server.http.MetricsController;
import dev.neuronwatch.server.http.RunsController;
import dev.neuronwatch.server.http.SeriesController;
import dev.neuronwatch.server.ingest.IdleRunSweeper;
import dev.neuronwatch.server.ingest.IngestPipeline;
import dev.neuronwatch.server.limits.ClientRateLimiter;
import dev.neuronwatch.server.metrics.IngestMetrics;
import dev.neuronwatch.server.metrics.MetricsExposition;
import dev.neuronwatch.server.metrics.TrainingMetrics;
import dev.neuronwatch.server.rules.AlertLog;
import dev.neuronwatch.server.rules.AlertRule;
import dev.neuronwatch.server.rules.RuleEvaluator;
import dev.neuronwatch.server.store.RunStore;
import dev.neuronwatch.server.store.StoreBudget;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Neuronwatch server: ingest API, alert rules, Prometheus metrics. Created unstarted from its
 * configuration; {@link #start()} binds the port.
 *
 * <pre>{@code
 * try (NeuronwatchServer server = NeuronwatchServer.create(ServerConfig.defaults()).start()) {
 *   URI pushTo = server.uri().resolve(Protocol.PUSH_PATH);
 *   // ... train and push ...
 * }
 * }</pre>
 */
public final class NeuronwatchServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NeuronwatchServer.class);

  private final ServerConfig config;
  private final StoreBudget budget;
  private final PushJournal journal;
  private final String replayed;
  private final HttpApi api;
  private final IdleRunSweeper sweeper;
  private final JvmProcessMetrics health = new JvmProcessMetrics();
  private volatile boolean started;
  private volatile boolean stopped;

  /** A server with its own Prometheus registry and the system clock. */
  public static NeuronwatchServer create(ServerConfig config) {
    return new NeuronwatchServer(
        config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
  }

  /**
   * A server exporting to {@code registry} (which may carry other meters too; the server adds the
   * JVM and process meters and its HTTP request timings) and stamping alerts and pushes with {@code
   * clock}. The per-layer series are not meters of the registry: {@code /metrics} writes them next
   * to the registry's families.
   */
  public NeuronwatchServer(ServerConfig config, PrometheusMeterRegistry registry, Clock clock) {
    this.config = config;
    health.bindTo(registry); // first: it adds a meter filter
    budget =
        config.maxStoredLayers() == 0
            ? StoreBudget.fromHeap(Runtime.getRuntime().maxMemory(), config.maxLayersPerRun())
            : new StoreBudget(config.maxStoredLayers(), config.maxLayersPerRun());
    RunStore store = new RunStore(config.maxRuns(), budget);
    Gauge.builder("neuronwatch.stored.layers", budget, StoreBudget::used)
        .description("Layers of all runs the server holds (the memory budget's use)")
        .register(registry);
    Gauge.builder("neuronwatch.stored.layers.budget", budget, b -> b.maxLayers())
        .description("The memory budget: the most layers of all runs the server holds")
        .register(registry);
    TrainingHistory history = new TrainingHistory();
    RuleEvaluator evaluator =
        new RuleEvaluator(AlertRule.all(config.rules()), config.resolvedAlertsKept());
    TrainingMetrics training = new TrainingMetrics(registry, store);
    IngestPipeline pipeline =
        new IngestPipeline(
            store,
            evaluator,
            new AlertLog(),
            training,
            new IngestMetrics(registry),
            clock,
            history);
    if (config.dataDir().isPresent()) {
      journal = PushJournal.open(config.dataDir().get());
      long start = System.nanoTime();
      long pushes = journal.replay(pipeline::replay);
      pipeline.journalTo(journal);
      replayed =
          String.format(
              java.util.Locale.ROOT,
              "data directory %s (schema version %d): replayed %d pushes of %d runs in %d ms",
              config.dataDir().get(),
              journal.schemaVersion(),
              pushes,
              store.size(),
              (System.nanoTime() - start) / 1_000_000);
    } else {
      journal = null;
      replayed = "no data directory: state is kept in memory only and lost on restart";
    }
    ClientRateLimiter limiter =
        config.rateLimit() == 0
            ? null
            : new ClientRateLimiter(config.rateLimit(), config.rateBurst(), System::nanoTime);
    BearerAuth writes = BearerAuth.of(config.writeToken());
    api =
        new HttpApi(
            new HttpApi.Listen(
                config.host(),
                config.port(),
                config.maxBodyBytes(),
                config.shutdownTimeout(),
                config.bodyReadTimeout(),
                config.maxConnectionsPerAddress()),
            BearerAuth.of(config.readToken()),
            writes,
            new IngestController(pipeline, config.maxBodyBytes(), writes, limiter),
            new AlertsController(evaluator),
            new RunsController(store, evaluator, pipeline, clock),
            new MetricsController(new MetricsExposition(registry, training)),
            new SeriesController(store, history),
            registry);
    sweeper =
        config.runTtl().isZero() && config.stoppedRunTtl().isZero()
            ? null
            : new IdleRunSweeper(
                pipeline, config.runTtl(), config.stoppedRunTtl(), config.sweepInterval());
  }

  /**
   * Binds the configured host and port and starts serving.
   *
   * @return this server
   * @throws IllegalStateException when already started (a server cannot be restarted)
   */
  public NeuronwatchServer start() {
    if (started) {
      throw new IllegalStateException("the server was already started");
    }
    started = true;
    api.start();
    if (sweeper != null) {
      sweeper.start();
    }
    LOG.info("Neuronwatch server listening on {}; rules:\n{}", uri(), config.rules().describe());
    LOG.info(AccessPolicy.describe(config));
    LOG.info(budget.describe(Runtime.getRuntime().maxMemory()));
    LOG.info(replayed);
    if (AccessPolicy.writesExposed(config)) {
      LOG.warn(AccessPolicy.exposureWarning(config));
    }
    return this;
  }

  /**
   * Stops serving: no new connections, requests in flight get up to the shutdown timeout to finish.
   * Harmless when already stopped or never started.
   */
  public void stop() {
    if (started && !stopped) {
      stopped = true;
      try {
        api.stop();
      } finally {
        health.close();
        if (sweeper != null) {
          sweeper.close();
        }
        if (journal != null) {
          journal.close();
        }
      }
    }
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /**
   * The bound port (the free one picked when configured with 0).
   *
   * @throws IllegalStateException before {@link #start()}
   */
  public int port() {
    if (!started) {
      throw new IllegalStateException("the server is not started");
    }
    return api.port();
  }

  /** {@code http://host:port}, with the bound port. */
  public URI uri() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return URI.create("http://" + host + ":" + port());
  }

  /** Requests being handled right now; lets tests catch a request in flight. */
  long activeRequests() {
    return api.activeRequests();
  }

  public ServerConfig config() {
    return config;
  }
}
