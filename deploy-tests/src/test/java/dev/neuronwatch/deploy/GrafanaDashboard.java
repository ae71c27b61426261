package dev.neuronwatch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Grafana dashboard JSON with what the tests ask of it: its panels (rows' nested panels
 * included), their queries and the template variables' queries.
 *
 * <pre>{@code
 * GrafanaDashboard dashboard = GrafanaDashboard.read(file);
 * dashboard.queries().forEach(q -> PromqlMetricNames.of(q.expr()));
 * }</pre>
 */
final class GrafanaDashboard {
  /** One PromQL query and where it comes from, e.g. {@code panel 3 "Loss" target A}. */
  record Query(String origin, String expr) {}

  private static final Pattern LABEL_VALUES =
      Pattern.compile(
          "\\s*label_values\\((.*),\\s*[A-Za-z_][A-Za-z0-9_]*\\s*\\)\\s*", Pattern.DOTALL);
  private static final Pattern GRAFANA_INTERVAL =
      Pattern.compile("\\$__(rate_interval|interval|range)\\b");
  private static final Pattern GRAFANA_VARIABLE =
      Pattern.compile("\\$\\{[A-Za-z0-9_]+\\}|\\$[A-Za-z0-9_]+");

  private final JsonNode root;

  private GrafanaDashboard(JsonNode root) {
    this.root = root;
  }

  static GrafanaDashboard read(Path file) {
    return new GrafanaDashboard(Documents.json(file));
  }

  JsonNode root() {
    return root;
  }

  /** Every panel that draws data: rows are containers, not panels. */
  List<JsonNode> panels() {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : root.path("panels")) {
      if ("row".equals(panel.path("type").asText())) {
        panel.path("panels").forEach(panels::add);
      } else {
        panels.add(panel);
      }
    }
    return panels;
  }

  /** Every row and panel as laid out on the grid. */
  List<JsonNode> gridItems() {
    List<JsonNode> items = new ArrayList<>();
    root.path("panels").forEach(items::add);
    return items;
  }

  List<JsonNode> variables() {
    List<JsonNode> variables = new ArrayList<>();
    root.path("templating").path("list").forEach(variables::add);
    return variables;
  }

  JsonNode variable(String name) {
    for (JsonNode variable : variables()) {
      if (name.equals(variable.path("name").asText())) {
        return variable;
      }
    }
    throw new AssertionError("no template variable " + name);
  }

  /** A variable's query text, whether stored as a string or as the query editor's object. */
  static String variableQuery(JsonNode variable) {
    JsonNode query = variable.path("query");
    return query.isTextual() ? query.asText() : query.path("query").asText();
  }

  /** The series selector of a {@code label_values(selector, label)} variable query. */
  static String labelValuesSelector(String query) {
    Matcher m = LABEL_VALUES.matcher(query);
    if (!m.matches()) {
      throw new IllegalArgumentException("not label_values(selector, label): " + query);
    }
    return m.group(1);
  }

  /** Every panel target's expression and every variable's selector. */
  List<Query> queries() {
    List<Query> queries = new ArrayList<>();
    for (JsonNode panel : panels()) {
      for (JsonNode target : panel.path("targets")) {
        String origin =
            "panel "
                + panel.path("id").asInt()
                + " \""
                + panel.path("title").asText()
                + "\" target "
                + target.path("refId").asText();
        queries.add(new Query(origin, target.path("expr").asText()));
      }
    }
    for (JsonNode variable : variables()) {
      if ("query".equals(variable.path("type").asText())) {
        queries.add(
            new Query(
                "variable " + variable.path("name").asText(),
                labelValuesSelector(variableQuery(variable))));
      }
    }
    return queries;
  }

  /**
   * The expression as Prometheus would receive it with every option selected: interval macros
   * become a minute and template variables (used only inside regex matchers) match anything.
   */
  static String asPromql(String expr) {
    String withIntervals = GRAFANA_INTERVAL.matcher(expr).replaceAll("1m");
    return GRAFANA_VARIABLE.matcher(withIntervals).replaceAll(".*");
  }
}
