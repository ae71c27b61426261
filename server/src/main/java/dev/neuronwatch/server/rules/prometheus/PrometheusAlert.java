package dev.neuronwatch.server.rules.prometheus;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One alerting rule of the rendered file, written as YAML by hand so that its comments survive and
 * the text stays stable from one rendering to the next.
 */
record PrometheusAlert(
    String name,
    List<String> comment,
    String expr,
    Duration pendingFor,
    Duration keepFiringFor,
    String severity,
    String summary,
    String description) {

  PrometheusAlert {
    Objects.requireNonNull(name, "name");
    comment = List.copyOf(comment);
    Objects.requireNonNull(expr, "expr");
    Objects.requireNonNull(pendingFor, "pendingFor");
    Objects.requireNonNull(keepFiringFor, "keepFiringFor");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(description, "description");
  }

  /** The runbook section about this alert under {@code base}. */
  String runbookUrl(String base) {
    return base + "alert-" + name.toLowerCase(Locale.ROOT);
  }

  /** Appends this rule as an item of a group's {@code rules:} list, indented six spaces. */
  void appendYaml(StringBuilder yaml, String runbookBase) {
    yaml.append("      - alert: ").append(name).append('\n');
    for (String line : comment) {
      yaml.append("        #").append(line.isEmpty() ? "" : " " + line).append('\n');
    }
    yaml.append("        expr: |\n");
    for (String line : expr.strip().split("\n")) {
      yaml.append("          ").append(line).append('\n');
    }
    yaml.append("        for: ").append(PromqlLiteral.duration(pendingFor)).append('\n');
    if (!keepFiringFor.isZero()) {
      yaml.append("        keep_firing_for: ")
          .append(PromqlLiteral.duration(keepFiringFor))
          .append('\n');
    }
    yaml.append("        labels:\n");
    yaml.append("          severity: ").append(severity).append('\n');
    yaml.append("        annotations:\n");
    yaml.append("          summary: ").append(quoted(summary)).append('\n');
    yaml.append("          description: ").append(quoted(description)).append('\n');
    yaml.append("          runbook_url: ").append(runbookUrl(runbookBase)).append('\n');
  }

  /** A YAML double-quoted scalar; the texts are single lines of printable characters. */
  static String quoted(String text) {
    if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("annotation text must be one printable line: " + text);
    }
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
