package dev.neuronwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.AgentStatus;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.trainer.Trainer;
import dev.neuronwatch.trainer.scenario.Scenario;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
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

  /** The dashboard whose every query must return data for the dying run. */
  private static final String TRAINING_DASHBOARD = "dashboards/neuronwatch-training.json";

  /** What Grafana's $__rate_interval, $__interval and $__range become: twelve scrapes. */
  private static final String DASHBOARD_INTERVAL = "1m";

  private static final Pattern USES_LAYER = Pattern.compile("\\$(\\{layer}|layer\\b)");

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

    // The training families; the JVM, process and HTTP ones are pinned by the server's tests. The
    // negative-regime fraction and PReLU's slopes exist only for leaky ReLU, PReLU and ELU layers,
    // which neither run here has.
    Set<String> known = new TreeSet<>(KnownMetrics.SERVER);
    known.removeIf(name -> !name.startsWith("neuronwatch_"));
    Set<String> expected = new TreeSet<>(known);
    expected.removeAll(
        Set.of(
            "neuronwatch_layer_negative_units_ratio",
            "neuronwatch_layer_prelu_alpha_mean",
            "neuronwatch_layer_prelu_alpha_min"));
    assertThat(scraped).as("series of a live scrape").containsAll(expected);
    assertThat(known).as("KnownMetrics.SERVER").containsAll(scraped);
  }

  /**
   * Every panel query (and variable selector) of the training dashboard, as Grafana sends it with
   * the dying run selected, parses, evaluates and returns data in the real Prometheus. A query on
   * {@code $layer} is tried with each layer of the run, as a user picking one would, and must have
   * data for at least one: the dead-unit ratio exists only for the ReLU layers, the saturation
   * ratio only for the softmax output.
   */
  @Test
  void everyTrainingDashboardQueryReturnsDataForTheDyingRun() {
    List<String> layers = new ArrayList<>();
    runSummaries().stream()
        .filter(r -> r.path("run").asText().equals(DYING_RUN))
        .forEach(r -> r.path("layers").forEach(layer -> layers.add(layer.asText())));
    assertThat(layers).as("layers of %s on the server", DYING_RUN).isNotEmpty();
    List<PanelQuery> pending = new ArrayList<>();
    for (GrafanaDashboard.Query query :
        GrafanaDashboard.read(RepoFiles.root().resolve(TRAINING_DASHBOARD)).queries()) {
      pending.add(PanelQuery.of(query, layers));
    }
    assertThat(pending).as("queries of %s", TRAINING_DASHBOARD).isNotEmpty();

    // Range functions need two scrapes in their window and the firing-alerts panel the rule's
    // for:, so an empty answer is waited for; an error is not, it will not mend.
    List<String> failures = new ArrayList<>();
    try {
      Poll.until(
          "every query of " + TRAINING_DASHBOARD + " to return data for " + DYING_RUN,
          ALERT_ARRIVAL,
          () -> {
            for (Iterator<PanelQuery> it = pending.iterator(); it.hasNext(); ) {
              PanelQuery query = it.next();
              List<Answer> answers = query.evaluate();
              if (answers.stream().anyMatch(Answer::hasData)) {
                it.remove();
              } else if (answers.stream().anyMatch(Answer::failed)) {
                it.remove();
                failures.add(query.report(answers));
              }
            }
            return pending.isEmpty() ? Optional.of(true) : Optional.empty();
          });
    } catch (AssertionError timedOut) {
      // Reported below, query by query.
    }
    for (PanelQuery query : pending) {
      List<Answer> answers = query.evaluate();
      if (answers.stream().noneMatch(Answer::hasData)) {
        failures.add(query.report(answers));
      }
    }

    assertThat(failures)
        .as(
            "queries of %s that fail or return no data for run %s (layers %s)",
            TRAINING_DASHBOARD, DYING_RUN, layers)
        .isEmpty();
  }

  /** A dashboard query and the PromQL it becomes, once per layer if it selects {@code $layer}. */
  private record PanelQuery(String origin, String expr, Map<String, String> promqlByLayer) {
    static PanelQuery of(GrafanaDashboard.Query query, List<String> layers) {
      boolean perLayer = USES_LAYER.matcher(query.expr()).find();
      Map<String, String> promql = new LinkedHashMap<>();
      for (String layer : perLayer ? layers : layers.subList(0, 1)) {
        promql.put(
            perLayer ? layer : "",
            GrafanaDashboard.asPromql(
                query.expr(), Map.of("run", DYING_RUN, "layer", layer), DASHBOARD_INTERVAL));
      }
      return new PanelQuery(query.origin(), query.expr(), promql);
    }

    List<Answer> evaluate() {
      List<Answer> answers = new ArrayList<>();
      promqlByLayer.forEach((layer, promql) -> answers.add(Answer.instantQuery(layer, promql)));
      return answers;
    }

    /** The query's origin (panel title and target) and expression, and what Prometheus said. */
    String report(List<Answer> answers) {
      return origin + ": " + expr + "\n    sent as " + answers.get(0).promql() + "\n    " + answers;
    }
  }

  /** Prometheus' answer to an instant query at the current time. */
  private record Answer(String layer, String promql, String status, int results, String error) {
    static Answer instantQuery(String layer, String promql) {
      JsonNode answer =
          JsonHttp.get(
                  stack.prometheus(
                      "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
              .json();
      return new Answer(
          layer,
          promql,
          answer.path("status").asText(),
          answer.path("data").path("result").size(),
          answer.path("errorType").asText() + " " + answer.path("error").asText());
    }

    boolean failed() {
      return !"success".equals(status);
    }

    boolean hasData() {
      return !failed() && results > 0;
    }

    @Override
    public String toString() {
      String outcome = failed() ? status + ": " + error : results + " results";
      return layer.isEmpty() ? outcome : "layer " + layer + ": " + outcome;
    }
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
