package dev.neuronwatch.deploy;

import dev.neuronwatch.server.NeuronwatchServer;
import dev.neuronwatch.server.ServerConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The compose stack without docker: the Neuronwatch server in this JVM, the real Prometheus and
 * Alertmanager binaries with the committed configuration (staged with loopback addresses), and a
 * webhook receiver standing in for the notification endpoint. Every port is chosen free at start;
 * every process writes its log to {@code logDir} as {@value #LOG_PREFIX}{@code <name>.log} (the
 * server's slf4j-simple log is pointed at {@value #LOG_PREFIX}{@code neuronwatch-server.log} there
 * by the module's surefire configuration). Closing stops everything that was started, in reverse
 * order, also after a failed start.
 *
 * <pre>{@code
 * try (MonitoringStack stack = MonitoringStack.start(tempDir, logDir)) {
 *   JsonNode alerts = JsonHttp.json(stack.alertmanager("/api/v2/alerts"));
 * }
 * }</pre>
 */
final class MonitoringStack implements AutoCloseable {
  /** The name prefix of the log files, which live in the build directory ({@link #logDir()}). */
  static final String LOG_PREFIX = "integration-";

  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private WebhookReceiver webhook;
  private NeuronwatchServer server;
  private URI prometheusUri;
  private URI alertmanagerUri;

  private MonitoringStack() {}

  /** This module's build directory, where the test classes are: the logs stay there. */
  static Path logDir() {
    try {
      URI classes =
          MonitoringStack.class.getProtectionDomain().getCodeSource().getLocation().toURI();
      return Path.of(classes).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the build directory", e);
    }
  }

  /** Starts the stack and waits until Prometheus and Alertmanager report ready. */
  static MonitoringStack start(Path workDir, Path logDir) {
    MonitoringStack stack = new MonitoringStack();
    try {
      stack.startAll(workDir, logDir);
      return stack;
    } catch (RuntimeException | Error e) {
      stack.close();
      throw e;
    }
  }

  private void startAll(Path workDir, Path logDir) {
    webhook = started(WebhookReceiver.start());
    server = started(NeuronwatchServer.create(ServerConfig.builder().port(0).build()).start());

    int alertmanagerPort = FreePort.pick();
    Path alertmanagerDir = workDir.resolve("alertmanager");
    Path alertmanagerConfig =
        AlertmanagerStage.stage(
            RepoFiles.alertmanagerConfig(), alertmanagerDir, webhook.url().toString());
    LocalProcess alertmanager =
        started(
            LocalProcess.start(
                "alertmanager",
                logDir.resolve(LOG_PREFIX + "alertmanager.log"),
                alertmanagerDir,
                List.of(
                    ExternalTool.ALERTMANAGER.executable().toString(),
                    "--config.file=" + alertmanagerConfig,
                    "--storage.path=" + alertmanagerDir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + alertmanagerPort,
                    // Empty: no cluster gossip, so no second port and no peers to look for.
                    "--cluster.listen-address=")));
    alertmanagerUri = URI.create("http://127.0.0.1:" + alertmanagerPort);

    int prometheusPort = FreePort.pick();
    Path prometheusDir = workDir.resolve("prometheus");
    Path prometheusConfig =
        PrometheusStage.stage(
            RepoFiles.prometheusConfig(),
            prometheusDir,
            "127.0.0.1:" + server.port(),
            "127.0.0.1:" + alertmanagerPort);
    LocalProcess prometheus =
        started(
            LocalProcess.start(
                "prometheus",
                logDir.resolve(LOG_PREFIX + "prometheus.log"),
                prometheusDir,
                List.of(
                    ExternalTool.PROMETHEUS.executable().toString(),
                    "--config.file=" + prometheusConfig,
                    "--storage.tsdb.path=" + prometheusDir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + prometheusPort)));
    prometheusUri = URI.create("http://127.0.0.1:" + prometheusPort);

    awaitReady(alertmanager, alertmanagerUri);
    awaitReady(prometheus, prometheusUri);
  }

  NeuronwatchServer server() {
    return server;
  }

  WebhookReceiver webhook() {
    return webhook;
  }

  URI server(String pathAndQuery) {
    return server.uri().resolve(pathAndQuery);
  }

  URI prometheus(String pathAndQuery) {
    return prometheusUri.resolve(pathAndQuery);
  }

  URI alertmanager(String pathAndQuery) {
    return alertmanagerUri.resolve(pathAndQuery);
  }

  private static void awaitReady(LocalProcess process, URI base) {
    Poll.until(
        process.name() + " to report ready at " + base,
        STARTUP,
        () -> {
          process.requireAlive();
          JsonHttp.text(base.resolve("/-/ready"));
          return Optional.of(true);
        });
  }

  private <T extends AutoCloseable> T started(T component) {
    started.push(component);
    return component;
  }

  /** Stops what was started, newest first; a failure to stop one does not spare the others. */
  @Override
  public void close() {
    RuntimeException failure = null;
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("could not stop every part of the stack", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
