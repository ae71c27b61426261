package dev.neuronwatch.deploy;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metric names a PromQL expression selects, found by a small lexer rather than a full parser:
 * it skips strings, label matchers, ranges, numbers, durations, Grafana variables ({@code $run},
 * {@code ${layer}}, {@code $__rate_interval}), functions and aggregations (anything followed by an
 * opening parenthesis, and the aggregation operators), label lists of {@code by}, {@code without},
 * {@code on}, {@code ignoring}, {@code group_left} and {@code group_right}, and keywords. A
 * selector without a metric name ({@code {__name__=~"..."}}) is rejected, so no metric escapes the
 * check. Syntax itself is left to promtool.
 *
 * <pre>{@code
 * PromqlMetricNames.of("sum by (run) (rate(x_total{run=~\"$run\"}[5m])) / y");  // [x_total, y]
 * }</pre>
 */
final class PromqlMetricNames {
  private static final Set<String> LABEL_LIST_KEYWORDS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
  private static final Set<String> AGGREGATIONS =
      Set.of(
          "sum",
          "min",
          "max",
          "avg",
          "group",
          "stddev",
          "stdvar",
          "count",
          "count_values",
          "bottomk",
          "topk",
          "quantile",
          "limitk",
          "limit_ratio");
  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");

  private final String expr;
  private int pos;

  private PromqlMetricNames(String expr) {
    this.expr = expr;
  }

  static Set<String> of(String expr) {
    return new PromqlMetricNames(expr).scan();
  }

  private Set<String> scan() {
    Set<String> names = new TreeSet<>();
    boolean afterMetricName = false;
    while (pos < expr.length()) {
      char c = expr.charAt(pos);
      if (c == '{') {
        if (!afterMetricName) {
          throw new IllegalArgumentException(
              "selector without a metric name at offset " + pos + " in: " + expr);
        }
        skipEnclosed('{', '}');
      } else if (c == '"' || c == '\'' || c == '`') {
        skipString();
      } else if (c == '[') {
        skipEnclosed('[', ']');
      } else if (c == '$') {
        skipVariable();
      } else if (Character.isDigit(c) || (c == '.' && nextIsDigit())) {
        skipNumber();
      } else if (isIdentifierStart(c)) {
        String identifier = identifier();
        if (isMetricName(identifier)) {
          names.add(identifier);
          afterMetricName = true;
          continue;
        }
      } else {
        pos++;
      }
      if (!Character.isWhitespace(c)) {
        afterMetricName = false;
      }
    }
    return names;
  }

  private boolean isMetricName(String identifier) {
    String lower = identifier.toLowerCase(Locale.ROOT);
    if (LABEL_LIST_KEYWORDS.contains(lower)) {
      if (peekNonSpace() == '(') {
        skipSpace();
        skipEnclosed('(', ')');
      }
      return false;
    }
    return !(AGGREGATIONS.contains(lower) || KEYWORDS.contains(lower) || peekNonSpace() == '(');
  }

  private String identifier() {
    int start = pos;
    while (pos < expr.length() && isIdentifierPart(expr.charAt(pos))) {
      pos++;
    }
    return expr.substring(start, pos);
  }

  private void skipNumber() {
    while (pos < expr.length()
        && (Character.isDigit(expr.charAt(pos)) || expr.charAt(pos) == '.')) {
      pos++;
    }
    if (pos < expr.length() && (expr.charAt(pos) == 'e' || expr.charAt(pos) == 'E')) {
      int exponent = pos + 1;
      if (exponent < expr.length()
          && (expr.charAt(exponent) == '+' || expr.charAt(exponent) == '-')) {
        exponent++;
      }
      if (exponent < expr.length() && Character.isDigit(expr.charAt(exponent))) {
        pos = exponent;
      }
    }
    // Duration units (5m, 1h30m) and hexadecimal digits.
    while (pos < expr.length() && Character.isLetterOrDigit(expr.charAt(pos))) {
      pos++;
    }
  }

  private void skipVariable() {
    pos++;
    if (pos < expr.length() && expr.charAt(pos) == '{') {
      skipEnclosed('{', '}');
      return;
    }
    while (pos < expr.length() && isIdentifierPart(expr.charAt(pos))) {
      pos++;
    }
  }

  /** Skips from an opening character to its matching closing one, over nested pairs and strings. */
  private void skipEnclosed(char open, char close) {
    int depth = 0;
    while (pos < expr.length()) {
      char c = expr.charAt(pos);
      if (c == '"' || c == '\'' || c == '`') {
        skipString();
        continue;
      }
      pos++;
      if (c == open) {
        depth++;
      } else if (c == close && --depth == 0) {
        return;
      }
    }
    throw new IllegalArgumentException("unbalanced '" + open + "' in: " + expr);
  }

  private void skipString() {
    char quote = expr.charAt(pos++);
    while (pos < expr.length()) {
      char c = expr.charAt(pos++);
      if (c == '\\' && quote != '`') {
        pos++;
      } else if (c == quote) {
        return;
      }
    }
    throw new IllegalArgumentException("unterminated string in: " + expr);
  }

  private char peekNonSpace() {
    int i = pos;
    while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
      i++;
    }
    return i < expr.length() ? expr.charAt(i) : '\0';
  }

  private void skipSpace() {
    while (pos < expr.length() && Character.isWhitespace(expr.charAt(pos))) {
      pos++;
    }
  }

  private boolean nextIsDigit() {
    return pos + 1 < expr.length() && Character.isDigit(expr.charAt(pos + 1));
  }

  private static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  }

  private static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || (c >= '0' && c <= '9');
  }
}
