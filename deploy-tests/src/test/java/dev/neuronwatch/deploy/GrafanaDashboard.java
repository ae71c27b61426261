package dev.neuronwatch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
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

  /** A variable's name is group 1 ({@code ${name}}) or 2 ({@code $name}). */
  private static final Pattern NAMED_VARIABLE =
      Pattern.compile("\\$\\{([A-Za-z0-9_]+)\\}|\\$([A-Za-z0-9_]+)");

  /** A label matcher with a double-quoted value: label, operator, value as written. */
  private static final Pattern LABEL_MATCHER =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  private static final String RE2_METACHARACTERS = "\\.+*?()|[]{}^$";

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

  /**
   * The expression as Prometheus would receive it for one choice of every template variable:
   * interval macros become {@code interval}, and each variable its value, regex-escaped inside
   * {@code =~} and {@code !~} matchers, taken literally inside {@code =} and {@code !=} matchers
   * (both escaped for the PromQL string) and as is elsewhere. An unknown variable is an error.
   *
   * <pre>{@code
   * asPromql("x{run=~\"$run\"}[$__rate_interval]", Map.of("run", "a.b"), "1m");
   * // x{run=~"a\\.b"}[1m]
   * }</pre>
   */
  static String asPromql(String expr, Map<String, String> values, String interval) {
    String withIntervals = GRAFANA_INTERVAL.matcher(expr).replaceAll(interval);
    StringBuilder promql = new StringBuilder();
    Matcher matcher = LABEL_MATCHER.matcher(withIntervals);
    int done = 0;
    while (matcher.find()) {
      promql.append(substitute(withIntervals.substring(done, matcher.start()), values, v -> v));
      boolean regex = matcher.group(1).endsWith("~");
      promql
          .append(withIntervals, matcher.start(), matcher.start(2))
          .append(
              substitute(
                  matcher.group(2), values, v -> promqlStringContent(regex ? re2Literal(v) : v)))
          .append(withIntervals, matcher.end(2), matcher.end());
      done = matcher.end();
    }
    promql.append(substitute(withIntervals.substring(done), values, v -> v));
    return promql.toString();
  }

  private static String substitute(
      String text, Map<String, String> values, UnaryOperator<String> escape) {
    return NAMED_VARIABLE
        .matcher(text)
        .replaceAll(
            m -> {
              String name = m.group(1) != null ? m.group(1) : m.group(2);
              String value = values.get(name);
              if (value == null) {
                throw new IllegalArgumentException(
                    "no value for variable $" + name + " (have " + values.keySet() + ")");
              }
              return Matcher.quoteReplacement(escape.apply(value));
            });
  }

  /** A regular expression (RE2 syntax) that matches exactly {@code literal}. */
  private static String re2Literal(String literal) {
    StringBuilder regex = new StringBuilder();
    for (char c : literal.toCharArray()) {
      if (RE2_METACHARACTERS.indexOf(c) >= 0) {
        regex.append('\\');
      }
      regex.append(c);
    }
    return regex.toString();
  }

  /** {@code text} escaped for the inside of a double-quoted PromQL string. */
  private static String promqlStringContent(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
