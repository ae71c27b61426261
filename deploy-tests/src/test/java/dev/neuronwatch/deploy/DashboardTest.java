package dev.neuronwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DashboardTest {
  /** Every panel, target and query variable names the datasource through the template variable. */
  static final String DATASOURCE_UID = "${datasource}";

  /** The uid of the datasource provisioned for the compose stack, the variable's default. */
  static final String PROVISIONED_UID = "neuronwatch-prometheus";

  static Stream<Path> dashboards() {
    List<Path> dashboards = RepoFiles.dashboards();
    assertThat(dashboards).isNotEmpty();
    return dashboards.stream();
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void isSelfContainedJsonForProvisioning(Path file) throws IOException {
    JsonNode root = GrafanaDashboard.read(file).root();

    assertThat(Files.readString(file)).doesNotContain("${DS_").doesNotContain("__inputs");
    assertThat(root.path("uid").asText()).matches("[a-z0-9-]{1,40}");
    assertThat(root.path("title").asText()).isNotBlank();
    assertThat(root.path("schemaVersion").asInt()).isBetween(36, 41);
    assertThat(root.path("id").isMissingNode() || root.path("id").isNull()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void everyPanelTargetAndVariableUsesTheFixedDatasource(Path file) {
    GrafanaDashboard dashboard = GrafanaDashboard.read(file);

    assertThat(dashboard.panels()).isNotEmpty();
    for (JsonNode panel : dashboard.panels()) {
      String name = panel.path("title").asText();
      assertPrometheusDatasource(name, panel.path("datasource"));
      assertThat(panel.path("targets")).as(name).isNotEmpty();
      panel.path("targets").forEach(t -> assertPrometheusDatasource(name, t.path("datasource")));
    }
    for (JsonNode variable : dashboard.variables()) {
      if (!"datasource".equals(variable.path("type").asText())) {
        assertPrometheusDatasource(variable.path("name").asText(), variable.path("datasource"));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void datasourceIsATemplateVariableDefaultingToTheProvisionedOne(Path file) {
    JsonNode variable = GrafanaDashboard.read(file).variable("datasource");

    // Imported into another Grafana, the panels follow whatever Prometheus the user picks
    // instead of pointing at a uid that does not exist there.
    assertThat(variable.path("type").asText()).isEqualTo("datasource");
    assertThat(variable.path("query").asText()).isEqualTo("prometheus");
    assertThat(variable.path("current").path("value").asText()).isEqualTo(PROVISIONED_UID);
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void offersChartsOverTrainingStepWithTheStepOnTheXAxis(Path file) {
    List<JsonNode> overStep =
        GrafanaDashboard.read(file).panels().stream()
            .filter(panel -> "xychart".equals(panel.path("type").asText()))
            .toList();

    assertThat(overStep).hasSizeGreaterThanOrEqualTo(3);
    for (JsonNode panel : overStep) {
      String name = panel.path("title").asText();
      assertThat(panel.path("targets").get(0).path("expr").asText())
          .as(name)
          .isEqualTo("neuronwatch_run_step{run=~\"$run\"}");
      assertThat(panel.path("targets").get(0).path("legendFormat").asText())
          .as(name)
          .isEqualTo("step");
      assertThat(
              panel
                  .path("options")
                  .path("series")
                  .get(0)
                  .path("x")
                  .path("matcher")
                  .path("options")
                  .asText())
          .as(name)
          .isEqualTo("step");
      assertThat(panel.path("transformations").get(0).path("id").asText())
          .as(name)
          .isEqualTo("joinByField");
    }
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void hasRunAndLayerVariablesFromTheLayerMetrics(Path file) {
    GrafanaDashboard dashboard = GrafanaDashboard.read(file);

    assertThat(GrafanaDashboard.variableQuery(dashboard.variable("run")))
        .isEqualTo("label_values(neuronwatch_layer_activation_mean, run)");
    assertThat(GrafanaDashboard.variableQuery(dashboard.variable("layer")))
        .isEqualTo("label_values(neuronwatch_layer_activation_mean{run=~\"$run\"}, layer)");
    for (String name : List.of("run", "layer")) {
      JsonNode variable = dashboard.variable(name);
      assertThat(variable.path("multi").asBoolean()).as(name).isTrue();
      assertThat(variable.path("includeAll").asBoolean()).as(name).isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void queriesUseOnlyKnownMetricNames(Path file) {
    for (GrafanaDashboard.Query query : GrafanaDashboard.read(file).queries()) {
      assertThat(KnownMetrics.all())
          .as(query.origin() + ": " + query.expr())
          .containsAll(PromqlMetricNames.of(query.expr()));
    }
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void queriesArePromqlThatPromtoolParses(Path file, @TempDir Path dir) throws IOException {
    List<GrafanaDashboard.Query> queries = GrafanaDashboard.read(file).queries();
    ObjectNode rulesFile = Documents.yamlMapper().createObjectNode();
    ArrayNode rules =
        rulesFile.putArray("groups").addObject().put("name", "dashboard").putArray("rules");
    for (int i = 0; i < queries.size(); i++) {
      rules
          .addObject()
          .put("record", "dashboard:query" + i)
          .put("expr", GrafanaDashboard.asPromql(queries.get(i).expr()));
    }
    Path rulesPath = dir.resolve("dashboard-queries.yml");
    Documents.yamlMapper().writeValue(rulesPath.toFile(), rulesFile);

    ExternalTool.Run run = ExternalTool.PROMTOOL.run(dir, "check", "rules", rulesPath.toString());

    assertThat(run.exitCode()).as(queries + "\n" + run.output()).isZero();
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void panelsHaveUniqueIdsAndFitTheGridWithoutOverlapping(Path file) {
    List<JsonNode> items = GrafanaDashboard.read(file).gridItems();
    Set<Integer> ids = new HashSet<>();
    Set<String> cells = new HashSet<>();

    for (JsonNode item : items) {
      String name = item.path("title").asText();
      assertThat(ids.add(item.path("id").asInt())).as("unique id of " + name).isTrue();
      JsonNode grid = item.path("gridPos");
      int x = grid.path("x").asInt(-1);
      int y = grid.path("y").asInt(-1);
      int w = grid.path("w").asInt(0);
      int h = grid.path("h").asInt(0);
      assertThat(x).as(name).isNotNegative();
      assertThat(y).as(name).isNotNegative();
      assertThat(w).as(name).isPositive();
      assertThat(h).as(name).isPositive();
      assertThat(x + w).as(name).isLessThanOrEqualTo(24);
      for (int row = y; row < y + h; row++) {
        for (int column = x; column < x + w; column++) {
          assertThat(cells.add(row + ":" + column))
              .as(name + " overlaps at " + row + ":" + column)
              .isTrue();
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void showsTheLayerHealthTrainingAlertsAndIngestSignals(Path file) {
    Set<String> used = new TreeSet<>();
    GrafanaDashboard.read(file).queries().forEach(q -> used.addAll(PromqlMetricNames.of(q.expr())));

    assertThat(used)
        .contains(
            "neuronwatch_layer_dead_units_ratio",
            "neuronwatch_layer_saturation_ratio",
            "neuronwatch_layer_activation_mean",
            "neuronwatch_layer_activation_stddev",
            "neuronwatch_layer_gradient_weight_norm",
            "neuronwatch_layer_update_ratio",
            "neuronwatch_run_loss",
            "ALERTS",
            "neuronwatch_alerts",
            "neuronwatch_agent_samples_dropped",
            "neuronwatch_agent_pushes_failed",
            "neuronwatch_ingest_rejected_total",
            "neuronwatch_run_last_push_timestamp_seconds");
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void gradientNormsAndRatiosUseALogarithmicAxis(Path file) {
    for (JsonNode panel : GrafanaDashboard.read(file).panels()) {
      Set<String> metrics = new TreeSet<>();
      panel
          .path("targets")
          .forEach(t -> metrics.addAll(PromqlMetricNames.of(t.path("expr").asText())));
      boolean gradientScale =
          metrics.stream()
              .anyMatch(
                  m ->
                      m.startsWith("neuronwatch_layer_gradient_")
                          || m.equals("neuronwatch_layer_update_ratio"));
      if (gradientScale) {
        assertThat(
                panel
                    .path("fieldConfig")
                    .path("defaults")
                    .path("custom")
                    .path("scaleDistribution")
                    .path("type")
                    .asText())
            .as(panel.path("title").asText())
            .isEqualTo("log");
      }
    }
  }

  private static void assertPrometheusDatasource(String owner, JsonNode datasource) {
    assertThat(datasource.path("uid").asText())
        .as(owner + " datasource uid")
        .isEqualTo(DATASOURCE_UID);
    assertThat(datasource.path("type").asText())
        .as(owner + " datasource type")
        .isEqualTo("prometheus");
  }
}
