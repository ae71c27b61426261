package dev.neuronwatch.server.rules.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.neuronwatch.server.rules.AlertRule;
import dev.neuronwatch.server.rules.RuleSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class PrometheusRuleFileTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void renderingIsDeterministic() {
    RuleSettings same = RuleSettings.builder().hold(3).build();

    assertThat(PrometheusRuleFile.render(same))
        .isEqualTo(PrometheusRuleFile.render(RuleSettings.defaults()))
        .endsWith("\n");
  }

  @Test
  void headerSaysTheFileIsGeneratedHowToRegenerateItAndFromWhichSettings() {
    String text = PrometheusRuleFile.render(RuleSettings.builder().deadUnitRatio(0.7).build());

    assertThat(text)
        .startsWith("# ")
        .contains("GENERATED")
        .contains(PrometheusRuleFile.REGENERATE_COMMAND)
        .contains("--config FILE")
        .contains("#   deadUnitRatio = 0.7\n")
        .contains("#   vanishingMeanAbs = 1e-7\n")
        .contains("(hold 3: 10s, resolveHold 6: 25s,\n#   nonFiniteHold 1: 0s)");
  }

  @Test
  void oneGroupWithEveryServerRuleAndTheAgentStoppedAlert() {
    List<String> expected = new ArrayList<>();
    AlertRule.all(RuleSettings.defaults()).forEach(rule -> expected.add(rule.name()));
    expected.add(PrometheusRuleFile.AGENT_STOPPED);

    JsonNode groups = parse(RuleSettings.defaults()).path("groups");

    assertThat(groups).hasSize(1);
    assertThat(groups.get(0).path("name").asText()).isEqualTo(PrometheusRuleFile.GROUP);
    assertThat(names(RuleSettings.defaults())).containsExactlyElementsOf(expected);
    assertThat(PrometheusRuleFile.alertNames(RuleSettings.defaults()))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void defaultThresholdsAppearInTheExpressionsWithTheirClearThresholdsAndSelfReference() {
    assertThat(expr(RuleSettings.defaults(), "NeuronwatchDyingRelu"))
        .isEqualTo(
            """
            (
              neuronwatch_layer_dead_units_ratio{activation="relu"} > 0.5
            )
            or
            (
              (
                neuronwatch_layer_dead_units_ratio{activation="relu"} >= 0.4
              )
              and on (run, layer)
                ALERTS{alertname="NeuronwatchDyingRelu", alertstate="firing"}
            )
            """);
    assertThat(expr(RuleSettings.defaults(), "NeuronwatchVanishingGradient"))
        .contains("neuronwatch_layer_gradient_depth_ratio < 1e-3")
        .contains("neuronwatch_layer_gradient_depth_ratio <= 3e-3")
        .contains("neuronwatch_layer_gradient_weight_mean_abs < 1e-7")
        .contains("neuronwatch_layer_gradient_decay_ratio < 1e-4")
        .contains("> 0.5 * neuronwatch_run_loss_window_first")
        .contains("max by (run) (neuronwatch_layer_depth)");
    assertThat(expr(RuleSettings.defaults(), "NeuronwatchExplodingGradient"))
        .contains("neuronwatch_layer_gradient_growth_ratio > 100")
        .contains("neuronwatch_layer_gradient_growth_ratio >= 10")
        .contains("neuronwatch_layer_gradient_depth_ratio > 1e3")
        .contains("tensor=~\"gradient|weights\"");
    assertThat(expr(RuleSettings.defaults(), "NeuronwatchSaturatedActivations"))
        .contains("neuronwatch_layer_saturation_ratio{activation=~\"sigmoid|tanh|softmax\"} > 0.5")
        .contains("neuronwatch_layer_activation_gain >= 0.3")
        .contains("neuronwatch_layer_activation_gain > 0.4");
    assertThat(expr(RuleSettings.defaults(), "NeuronwatchLossSpike"))
        .contains(
            "neuronwatch_run_loss_window_median + 8 * 1.4826 * neuronwatch_run_loss_window_mad")
        .contains("3 * neuronwatch_run_loss_window_median")
        .contains("0.5 * abs(neuronwatch_run_loss_window_first)")
        .contains("neuronwatch_run_loss_window_steps >= 32");
    assertThat(expr(RuleSettings.defaults(), "NeuronwatchFrozenLayer"))
        .contains("neuronwatch_layer_update_ratio < 1e-8")
        .contains("neuronwatch_layer_update_ratio <= 1e-7");
  }

  @Test
  void everyThresholdComesFromTheSettings() {
    RuleSettings custom =
        RuleSettings.builder()
            .deadUnitRatio(0.65)
            .deadUnitClearRatio(0.55)
            .vanishingDepthRatio(2e-3)
            .vanishingMeanAbs(3e-8)
            .vanishingDecayRatio(5e-5)
            .explodingGrowthRatio(250)
            .explodingDepthRatio(4e4)
            .saturationRatio(0.8)
            .stalledLossRatio(0.7)
            .lossSpikeSigma(9)
            .frozenUpdateRatio(1e-9)
            .build();

    assertThat(expr(custom, "NeuronwatchDyingRelu"))
        .contains("> 0.65")
        .contains(">= 0.55")
        .doesNotContain("0.5\n");
    assertThat(
            rule(custom, "NeuronwatchDyingRelu").path("annotations").path("description").asText())
        .contains("(fires above 65%, clears below 55%)");
    assertThat(expr(custom, "NeuronwatchVanishingGradient"))
        .contains("depth_ratio < 2e-3")
        .contains("mean_abs < 3e-8")
        .contains("decay_ratio < 5e-5")
        .contains("> 0.7 * neuronwatch_run_loss_window_first");
    assertThat(expr(custom, "NeuronwatchExplodingGradient"))
        .contains("growth_ratio > 250")
        .contains("depth_ratio > 4e4");
    assertThat(expr(custom, "NeuronwatchSaturatedActivations")).contains("} > 0.8\n");
    assertThat(expr(custom, "NeuronwatchLossSpike")).contains("+ 9 * 1.4826 *");
    assertThat(expr(custom, "NeuronwatchFrozenLayer")).contains("update_ratio < 1e-9");
  }

  @Test
  void holdsBecomeForAndKeepFiringForInEvaluationIntervals() {
    RuleSettings settings = RuleSettings.builder().hold(5).resolveHold(5).nonFiniteHold(2).build();

    assertThat(rule(settings, "NeuronwatchDyingRelu").path("for").asText()).isEqualTo("20s");
    assertThat(rule(settings, "NeuronwatchDyingRelu").path("keep_firing_for").asText())
        .isEqualTo("20s");
    assertThat(
            rule(RuleSettings.defaults(), "NeuronwatchDyingRelu").path("keep_firing_for").asText())
        .isEqualTo("25s");
    assertThat(rule(RuleSettings.defaults(), "NeuronwatchLossSpike").path("for").asText())
        .as("lossSpikeHold 3")
        .isEqualTo("10s");
    assertThat(rule(settings, "NeuronwatchNonFiniteValues").path("for").asText()).isEqualTo("5s");
    assertThat(rule(settings, "NeuronwatchNonFiniteValues").path("keep_firing_for").asText())
        .isEqualTo("20s");
    assertThat(rule(RuleSettings.defaults(), "NeuronwatchNonFiniteValues").path("for").asText())
        .isEqualTo("0s");
    assertThat(rule(RuleSettings.defaults(), "NeuronwatchDyingRelu").path("for").asText())
        .isEqualTo("10s");
  }

  @Test
  void agentStoppedHasNoHoldAndTheSilenceAsThreshold() {
    JsonNode rule = rule(RuleSettings.defaults(), PrometheusRuleFile.AGENT_STOPPED);

    assertThat(rule.path("for").asText()).isEqualTo("0s");
    assertThat(rule.has("keep_firing_for")).isFalse();
    assertThat(rule.path("expr").asText())
        .contains("time() - neuronwatch_run_last_push_timestamp_seconds > 120")
        .contains("neuronwatch_run_finished == 0");
  }

  @Test
  void softmaxLeavesTheSaturationAlertOnlyWhenTheSettingsLeaveItOut() {
    RuleSettings withoutSoftmax = RuleSettings.builder().includeSoftmax(false).build();

    assertThat(expr(RuleSettings.defaults(), "NeuronwatchSaturatedActivations"))
        .contains("activation=~\"sigmoid|tanh|softmax\"");
    assertThat(expr(withoutSoftmax, "NeuronwatchSaturatedActivations")).doesNotContain("softmax");
  }

  @Test
  void aDisabledVanishingCheckLosesItsBranchAndAllDisabledLosesTheAlert() {
    RuleSettings meanAbsOnly =
        RuleSettings.builder()
            .vanishingDepthRatio(0)
            .vanishingDepthClearRatio(0)
            .vanishingDecayRatio(0)
            .vanishingDecayClearRatio(0)
            .build();
    RuleSettings none =
        RuleSettings.builder()
            .vanishingDepthRatio(0)
            .vanishingDepthClearRatio(0)
            .vanishingDecayRatio(0)
            .vanishingDecayClearRatio(0)
            .vanishingMeanAbs(0)
            .vanishingMeanAbsClear(0)
            .build();

    assertThat(expr(meanAbsOnly, "NeuronwatchVanishingGradient"))
        .contains("neuronwatch_layer_gradient_weight_mean_abs < 1e-7")
        .doesNotContain("depth_ratio <")
        .doesNotContain("decay_ratio");
    assertThat(
            rule(meanAbsOnly, "NeuronwatchVanishingGradient")
                .path("annotations")
                .path("description")
                .asText())
        .endsWith("(value {{ printf \"%.3g\" $value }}: mean |gradient| below 1e-7).");
    assertThat(names(none)).doesNotContain("NeuronwatchVanishingGradient").hasSize(7);
    assertThat(PrometheusRuleFile.alertNames(none)).isEqualTo(names(none));
  }

  @Test
  void vanishingDescriptionListsTheEnabledChecksAsPeopleWriteThem() {
    assertThat(VanishingGradientAlert.anyOf(List.of("a"))).isEqualTo("a");
    assertThat(VanishingGradientAlert.anyOf(List.of("a", "b"))).isEqualTo("a or b");
    assertThat(VanishingGradientAlert.anyOf(List.of("a", "b", "c"))).isEqualTo("a, b, or c");
  }

  @Test
  void everyAlertHasSeverityTemplatedAnnotationsAndItsRunbook() {
    for (JsonNode rule : rules(RuleSettings.defaults())) {
      String name = rule.path("alert").asText();
      JsonNode annotations = rule.path("annotations");
      assertThat(rule.path("labels").path("severity").asText())
          .as(name)
          .isIn("warning", "critical");
      assertThat(annotations.path("summary").asText()).as(name).contains("{{ $labels.run }}");
      assertThat(annotations.path("description").asText()).as(name).contains("$value");
      assertThat(annotations.path("runbook_url").asText())
          .isEqualTo(PrometheusRuleFile.RUNBOOK_BASE + "alert-" + name.toLowerCase(Locale.ROOT));
    }
  }

  @Test
  void quotedEscapesBackslashesAndQuotesAndRefusesLineBreaks() {
    assertThat(PrometheusAlert.quoted("a \"b\" \\c")).isEqualTo("\"a \\\"b\\\" \\\\c\"");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PrometheusAlert.quoted("a\nb"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static JsonNode parse(RuleSettings settings) {
    try {
      return YAML.readTree(PrometheusRuleFile.render(settings));
    } catch (JsonProcessingException e) {
      throw new AssertionError("rendered rules are not YAML", e);
    }
  }

  private static List<JsonNode> rules(RuleSettings settings) {
    List<JsonNode> rules = new ArrayList<>();
    parse(settings).path("groups").get(0).path("rules").forEach(rules::add);
    return rules;
  }

  private static List<String> names(RuleSettings settings) {
    return rules(settings).stream().map(r -> r.path("alert").asText()).toList();
  }

  private static JsonNode rule(RuleSettings settings, String name) {
    return rules(settings).stream()
        .filter(r -> r.path("alert").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no alert " + name));
  }

  private static String expr(RuleSettings settings, String name) {
    return rule(settings, name).path("expr").asText();
  }
}
