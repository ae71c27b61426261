package dev.neuronwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PrometheusRulesTest {
  static final Set<String> ALERT_NAMES =
      Set.of(
          "NeuronwatchDyingRelu",
          "NeuronwatchVanishingGradient",
          "NeuronwatchExplodingGradient",
          "NeuronwatchSaturatedActivations",
          "NeuronwatchNonFiniteValues",
          "NeuronwatchLossSpike",
          "NeuronwatchFrozenLayer",
          "NeuronwatchAgentStopped");

  /** Alerts about the whole run rather than one layer. */
  private static final Set<String> RUN_LEVEL =
      Set.of("NeuronwatchAgentStopped", "NeuronwatchLossSpike");

  /** Prometheus' own series of active alerts, which the hysteresis branches read. */
  private static final String ALERTS = "ALERTS";

  private static final String RUNBOOK_BASE = "https://github.com/neuronwatch/neuronwatch#alert-";
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  @Test
  void promtoolAcceptsTheRuleFile() {
    ExternalTool.Run run = promtool("check", "rules", RepoFiles.rules().getFileName().toString());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS: " + ALERT_NAMES.size() + " rules found");
  }

  @Test
  void promtoolUnitTestsOfTheRulesPass() {
    ExternalTool.Run run =
        promtool("test", "rules", RepoFiles.rulesTest().getFileName().toString());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS");
  }

  @Test
  void ruleFileDefinesEachNeuronwatchAlertOnce() {
    List<String> names = alertRules().stream().map(r -> r.path("alert").asText()).toList();

    assertThat(names).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ALERT_NAMES);
  }

  @Test
  void everyAlertHasAHoldASeverityAndTemplatedAnnotations() {
    assertThat(alertRules())
        .allSatisfy(
            rule -> {
              String name = rule.path("alert").asText();
              assertThat(rule.path("for").asText()).as(name).matches("[0-9]+[smh]");
              assertThat(rule.path("labels").path("severity").asText())
                  .as(name)
                  .isIn("warning", "critical");
              JsonNode annotations = rule.path("annotations");
              assertThat(annotations.path("summary").asText())
                  .as(name)
                  .contains("{{ $labels.run }}");
              assertThat(annotations.path("description").asText())
                  .as(name)
                  .contains("{{ $labels.run }}")
                  .contains("$value");
              if (!RUN_LEVEL.contains(name)) {
                assertThat(annotations.path("summary").asText()).as(name).contains("$labels.layer");
              }
            });
  }

  @Test
  void everyRunbookUrlPointsAtItsAlertsReadmeSection() {
    assertThat(alertRules())
        .allSatisfy(
            rule -> {
              String name = rule.path("alert").asText();
              assertThat(rule.path("annotations").path("runbook_url").asText())
                  .isEqualTo(RUNBOOK_BASE + name.toLowerCase(Locale.ROOT));
            });
  }

  @Test
  void everyRunbookAnchorIsAReadmeHeading() throws IOException {
    Set<String> anchors = new TreeSet<>();
    // The runbook URLs point at the main README, so its headings are the ones that must exist.
    for (String line : Files.readAllLines(RepoFiles.root().resolve("README.md"))) {
      if (line.startsWith("#")) {
        anchors.add(githubAnchor(line.replaceFirst("^#+\\s*", "")));
      }
    }

    assertThat(anchors)
        .containsAll(
            alertRules().stream()
                .map(r -> r.path("annotations").path("runbook_url").asText())
                .map(url -> url.substring(url.indexOf('#') + 1))
                .toList());
  }

  @Test
  void rulesUseOnlyMetricsTheServerExports() {
    assertThat(alertRules())
        .allSatisfy(
            rule ->
                assertThat(KnownMetrics.SERVER)
                    .as(rule.path("alert").asText())
                    .containsAll(
                        PromqlMetricNames.of(rule.path("expr").asText()).stream()
                            .filter(name -> !name.equals(ALERTS))
                            .toList()));
  }

  @Test
  void unitTestsFireEveryAlertAndShowSeriesThatMustNotFireIt() {
    JsonNode tests = Documents.yaml(RepoFiles.rulesTest()).path("tests");
    Set<String> fired = new TreeSet<>();
    Set<String> heldBack = new TreeSet<>();
    for (JsonNode test : tests) {
      Set<String> inputs = new HashSet<>();
      test.path("input_series").forEach(s -> inputs.add(runAndLayer(s.path("series").asText())));
      Map<String, Set<String>> firedKeys = new HashMap<>();
      for (JsonNode check : test.path("alert_rule_test")) {
        String alert = check.path("alertname").asText();
        Set<String> keys = firedKeys.computeIfAbsent(alert, a -> new HashSet<>());
        if (check.path("exp_alerts").isEmpty()) {
          heldBack.add(alert);
        }
        for (JsonNode expected : check.path("exp_alerts")) {
          fired.add(alert);
          JsonNode labels = expected.path("exp_labels");
          keys.add(labels.path("run").asText() + "/" + labels.path("layer").asText());
        }
      }
      firedKeys.forEach(
          (alert, keys) -> {
            if (!keys.containsAll(inputs)) {
              heldBack.add(alert);
            }
          });
    }

    assertThat(fired).as("alerts some test fires").containsExactlyInAnyOrderElementsOf(ALERT_NAMES);
    assertThat(heldBack)
        .as("alerts some test shows not firing")
        .containsExactlyInAnyOrderElementsOf(ALERT_NAMES);
  }

  static List<JsonNode> alertRules() {
    List<JsonNode> rules = new ArrayList<>();
    for (JsonNode group : Documents.yaml(RepoFiles.rules()).path("groups")) {
      group
          .path("rules")
          .forEach(
              r -> {
                if (r.has("alert")) {
                  rules.add(r);
                }
              });
    }
    return rules;
  }

  /**
   * The fragment GitHub gives a Markdown heading: lower case, punctuation dropped, - for spaces.
   */
  private static String githubAnchor(String heading) {
    return heading.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
  }

  private static String runAndLayer(String series) {
    Map<String, String> labels = new HashMap<>();
    Matcher m = LABEL.matcher(series);
    while (m.find()) {
      labels.put(m.group(1), m.group(2));
    }
    return labels.getOrDefault("run", "") + "/" + labels.getOrDefault("layer", "");
  }

  private static ExternalTool.Run promtool(String... args) {
    return ExternalTool.PROMTOOL.run(RepoFiles.rules().getParent(), args);
  }
}
