package dev.neuronwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.AgentStatus;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.trainer.Trainer;
import dev.neuronwatch.trainer.scenario.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole alerting path with the real programs: reference trainings push through the agent to the
 * server, the real Prometheus scrapes it with the committed configuration and rule file, and the
 * real Alertmanager receives the alerts and notifies a webhook. Fails, never skips, when the
 * Prometheus or Alertmanager binary is missing.
 */
class AlertingIntegrationTest {
  private static final String DYING_RUN = "it-dying-relu";
  private static final String HEALTHY_RUN = "it-healthy";
  private static final String DYING_RELU = "NeuronwatchDyingRelu";

  /** Scrape every 5s, three evaluations to fire: well under a minute once the run is pushed. */
  private static final Duration ALERT_ARRIVAL = Duration.ofSeconds(90);

  /** Alertmanager's group_wait for warnings (10s) and a margin. */
  private static final Duration NOTIFICATION = Duration.ofSeconds(45);

  private static final Duration RUN_DELIVERED = Duration.ofSeconds(30);

  @RegisterExtension
  static final PrintLogsOnFailure LOGS =
      new PrintLogsOnFailure(MonitoringStack.logDir(), MonitoringStack.LOG_PREFIX);

  @TempDir static Path workDir;

  private static MonitoringStack stack;
  private static JsonNode dyingReluAlert;
  private static AssertionError dyingReluMissing;

  @BeforeAll
  static void startTheStackAndTrain() {
    stack = MonitoringStack.start(workDir, MonitoringStack.logDir());
    train(DYING_RUN, Scenario.DYING_RELU);
    train(HEALTHY_RUN, Scenario.HEALTHY);
  }

  @AfterAll
  static void stopTheStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void dyingReluReachesAlertmanagerForALayerTheServerReportsFiring() {
    JsonNode alert = dyingReluInAlertmanager();

    assertThat(alert.path("labels").path("run").asText()).isEqualTo(DYING_RUN);
    assertThat(serverFiringLayers(DYING_RUN, DYING_RELU))
        .contains(alert.path("labels").path("layer").asText());
    assertThat(alert.path("labels").path("severity").asText()).isEqualTo("warning");
    assertThat(alert.path("annotations").path("runbook_url").asText())
        .endsWith("#alert-neuronwatchdyingrelu");
  }

  @Test
  void healthyRunRaisesNoAlertAnywhere() {
    dyingReluInAlertmanager();

    assertThat(alertmanagerAlerts(labelled("run", HEALTHY_RUN)))
        .as("Alertmanager alerts of %s", HEALTHY_RUN)
        .isEmpty();
    assertThat(prometheusAlerts(labelled("run", HEALTHY_RUN)))
        .as("Prometheus alerts (pending or firing) of %s", HEALTHY_RUN)
        .isEmpty();
    assertThat(JsonHttp.json(stack.server("/api/v1/alerts?run=" + HEALTHY_RUN)))
        .as("the server's alerts of %s", HEALTHY_RUN)
        .isEmpty();
  }

  @Test
  void webhookReceivesTheDyingReluNotification() {
    dyingReluInAlertmanager();

    JsonNode notification =
        Poll.until(
            "a webhook notification of " + DYING_RELU + " for " + DYING_RUN,
            NOTIFICATION,
            () ->
                stack.webhook().notifications().stream()
                    .filter(n -> "firing".equals(n.path("status").asText()))
                    .filter(n -> hasAlert(n, DYING_RELU, DYING_RUN))
                    .findFirst());

    assertThat(notification.path("groupLabels").path("alertname").asText()).isEqualTo(DYING_RELU);
    assertThat(notification.path("groupLabels").path("run").asText()).isEqualTo(DYING_RUN);
  }

  @Test
  void liveMetricsPassPromtoolsLint() {
    String scrape = JsonHttp.text(stack.server("/metrics"));

    ExternalTool.Run run = ExternalTool.PROMTOOL.runWithInput(workDir, scrape, "check", "metrics");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).as("promtool check metrics findings").isBlank();
  }

  @Test
  void liveScrapeHasExactlyTheKnownServerMetrics() {
    Set<String> scraped = new TreeSet<>(ScrapeNames.of(JsonHttp.text(stack.server("/metrics"))));
    scraped.removeIf(name -> !name.startsWith("neuronwatch_"));

    assertThat(scraped).as("series of a live scrape").containsAll(KnownMetrics.SERVER);
    assertThat(KnownMetrics.SERVER).as("KnownMetrics.SERVER").containsAll(scraped);
  }

  private static void train(String run, Scenario scenario) {
    AgentConfig config = AgentConfig.builder().run(run).serverUri(stack.server().uri()).build();
    NeuronwatchAgent agent = NeuronwatchAgent.start(config);
    try {
      Trainer.train(scenario.config(), agent, null);
    } finally {
      // Delivers what is still queued (the push that says the run finished) before returning.
      agent.close();
    }
    AgentStatus status = agent.status();
    assertThat(status.samplesPushed()).as("samples of %s pushed", run).isPositive();
    Poll.until(
        run + " delivered and finished on the server",
        RUN_DELIVERED,
        () ->
            runSummaries().stream()
                .filter(r -> r.path("run").asText().equals(run))
                .filter(r -> r.path("finished").asBoolean())
                .findFirst());
  }

  /**
   * The first NeuronwatchDyingRelu alert of the dying run in Alertmanager. Waited for once: the
   * tests that need it share the wait, and its failure, rather than each timing out in turn.
   */
  private static synchronized JsonNode dyingReluInAlertmanager() {
    if (dyingReluAlert == null && dyingReluMissing == null) {
      try {
        dyingReluAlert =
            Poll.until(
                DYING_RELU + " for " + DYING_RUN + " in Alertmanager",
                ALERT_ARRIVAL,
                () ->
                    alertmanagerAlerts(
                            labelled("alertname", DYING_RELU).and(labelled("run", DYING_RUN)))
                        .stream()
                        .findFirst());
      } catch (AssertionError e) {
        dyingReluMissing = e;
      }
    }
    if (dyingReluMissing != null) {
      throw new AssertionError(dyingReluMissing.getMessage(), dyingReluMissing);
    }
    return dyingReluAlert;
  }

  private static List<String> serverFiringLayers(String run, String alertName) {
    List<String> layers = new ArrayList<>();
    for (JsonNode alert :
        JsonHttp.json(stack.server("/api/v1/alerts?run=" + run + "&state=firing"))) {
      if (alert.path("name").asText().equals(alertName)) {
        layers.add(alert.path("layer").asText());
      }
    }
    return layers;
  }

  private static List<JsonNode> runSummaries() {
    List<JsonNode> runs = new ArrayList<>();
    JsonHttp.json(stack.server("/api/v1/runs")).forEach(runs::add);
    return runs;
  }

  private static List<JsonNode> alertmanagerAlerts(Predicate<JsonNode> matching) {
    List<JsonNode> alerts = new ArrayList<>();
    for (JsonNode alert : JsonHttp.json(stack.alertmanager("/api/v2/alerts"))) {
      if (matching.test(alert)) {
        alerts.add(alert);
      }
    }
    return alerts;
  }

  private static List<JsonNode> prometheusAlerts(Predicate<JsonNode> matching) {
    List<JsonNode> alerts = new ArrayList<>();
    JsonNode answer = JsonHttp.json(stack.prometheus("/api/v1/alerts"));
    for (JsonNode alert : answer.path("data").path("alerts")) {
      if (matching.test(alert)) {
        alerts.add(alert);
      }
    }
    return alerts;
  }

  private static Predicate<JsonNode> labelled(String label, String value) {
    return alert -> value.equals(alert.path("labels").path(label).asText());
  }

  private static boolean hasAlert(JsonNode notification, String alertName, String run) {
    Predicate<JsonNode> wanted = labelled("alertname", alertName).and(labelled("run", run));
    for (JsonNode alert : notification.path("alerts")) {
      if (wanted.test(alert)) {
        return true;
      }
    }
    return false;
  }
}
