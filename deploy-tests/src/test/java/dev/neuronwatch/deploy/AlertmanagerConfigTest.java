package dev.neuronwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertmanagerConfigTest {
  private static final JsonNode CONFIG = Documents.yaml(RepoFiles.alertmanagerConfig());
  private static final String RECEIVER = "neuronwatch-webhook";

  @Test
  void amtoolAcceptsTheConfig() {
    ExternalTool.Run run =
        ExternalTool.AMTOOL.run(
            RepoFiles.root(), "check-config", RepoFiles.alertmanagerConfig().toString());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS");
  }

  @Test
  void groupsNotificationsByAlertRunAndLayer() {
    List<String> groupBy = new ArrayList<>();
    CONFIG.path("route").path("group_by").forEach(l -> groupBy.add(l.asText()));

    assertThat(groupBy).containsExactlyInAnyOrder("alertname", "run", "layer");
  }

  @Test
  void everyNeuronwatchAlertReachesTheWebhookAtEitherSeverity() {
    for (JsonNode rule : PrometheusRulesTest.alertRules()) {
      String alert = rule.path("alert").asText();
      String severity = rule.path("labels").path("severity").asText();

      ExternalTool.Run run =
          ExternalTool.AMTOOL.run(
              RepoFiles.root(),
              "config",
              "routes",
              "test",
              "--config.file=" + RepoFiles.alertmanagerConfig(),
              "--verify.receivers=" + RECEIVER,
              "alertname=" + alert,
              "severity=" + severity,
              "run=r1",
              "layer=dense1");

      assertThat(run.exitCode()).as(alert + ": " + run.output()).isZero();
    }
  }

  @Test
  void routeTestFailsForAReceiverThatDoesNotGetTheAlert() {
    ExternalTool.Run run =
        ExternalTool.AMTOOL.run(
            RepoFiles.root(),
            "config",
            "routes",
            "test",
            "--config.file=" + RepoFiles.alertmanagerConfig(),
            "--verify.receivers=nobody",
            "alertname=NeuronwatchDyingRelu");

    assertThat(run.exitCode()).isNotZero();
  }

  @Test
  void webhookReceiverAlsoSendsResolutions() {
    JsonNode receiver = null;
    for (JsonNode r : CONFIG.path("receivers")) {
      if (RECEIVER.equals(r.path("name").asText())) {
        receiver = r;
      }
    }

    assertThat(receiver).as("receiver " + RECEIVER).isNotNull();
    assertThat(receiver.path("webhook_configs")).isNotEmpty();
    assertThat(receiver.path("webhook_configs"))
        .allSatisfy(
            w -> {
              assertThat(w.path("url").asText()).startsWith("http");
              assertThat(w.path("send_resolved").asBoolean()).isTrue();
            });
  }

  @Test
  void inhibitionsNameOnlyNeuronwatchAlertsThatExist() {
    List<String> named = new ArrayList<>();
    for (JsonNode rule : CONFIG.path("inhibit_rules")) {
      for (String side : List.of("source_matchers", "target_matchers")) {
        rule.path(side).forEach(m -> named.add(m.asText()));
      }
    }

    assertThat(named).isNotEmpty();
    for (String matcher : named) {
      String alternatives = matcher.replaceFirst("^alertname=~?\"(.*)\"$", "$1");
      assertThat(PrometheusRulesTest.ALERT_NAMES)
          .as(matcher)
          .containsAll(List.of(alternatives.split("\\|")));
    }
  }
}
