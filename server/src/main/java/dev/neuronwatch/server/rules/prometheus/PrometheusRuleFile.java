package dev.neuronwatch.server.rules.prometheus;

import dev.neuronwatch.server.rules.AlertRule;
import dev.neuronwatch.server.rules.RuleSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Renders the Prometheus alerting rules that mirror the server's own rules, with the thresholds of
 * a {@link RuleSettings}, so that the server and Prometheus never disagree on a threshold. The text
 * is deterministic: the same settings give the same bytes, which lets a test compare the committed
 * rule file with a fresh rendering.
 *
 * <p>The alerts carry the server rules' names, plus {@value #AGENT_STOPPED} (a run that stopped
 * pushing, which only Prometheus can notice). Holds: the server counts samples, Prometheus counts
 * rule evaluations of the latest values, so a hold of n samples becomes {@code for:} and {@code
 * keep_firing_for:} of (n - 1) &times; {@link #EVALUATION_INTERVAL}. The header of the rendered
 * file explains this and the other differences.
 *
 * <pre>{@code
 * String yaml = PrometheusRuleFile.render(RuleSettings.defaults());
 * Files.writeString(Path.of("neuronwatch-rules.yml"), yaml);
 * }</pre>
 */
public final class PrometheusRuleFile {
  /**
   * The {@code evaluation_interval} (and scrape interval) of the Prometheus configuration the rules
   * are meant for; the holds are counted in it.
   */
  public static final Duration EVALUATION_INTERVAL = Duration.ofSeconds(5);

  /** How long an unfinished run may stay silent before {@value #AGENT_STOPPED} fires. */
  public static final Duration AGENT_SILENCE = Duration.ofMinutes(2);

  /** The alert for a run whose agent stopped pushing; it has no server-side counterpart. */
  public static final String AGENT_STOPPED = "NeuronwatchAgentStopped";

  /** The name of the one rule group. */
  public static final String GROUP = "neuronwatch";

  /**
   * Where the runbooks live by default: the project's README, one heading per alert ({@code
   * alert-<name in lower case>} is appended). {@link #render(RuleSettings, String)} takes another.
   */
  public static final String RUNBOOK_BASE = "https://github.com/neuronwatch/neuronwatch#";

  /** The shell command that writes the committed rule file from the default settings. */
  public static final String REGENERATE_COMMAND =
      "./neuronwatch rules > deploy/prometheus/rules/neuronwatch-rules.yml";

  private static final String HEADER =
      """
      Prometheus alerting rules over the metrics of the Neuronwatch server.

      GENERATED from the server's rule settings; do not edit. Regenerate with
        %s
      or, for the thresholds of a server configuration file, with
        ./neuronwatch rules --config FILE > deploy/prometheus/rules/neuronwatch-rules.yml

      Settings:%s

      The alerts mirror the server's rules: same names, same thresholds. They differ where
      Prometheus sees less than the server:
      - Holds. The server counts training samples: an alert fires on the n-th consecutive
        sample with its condition and resolves on the n-th without. Prometheus sees the
        latest values once per evaluation (every %s), so here n counts evaluations:
        for: and keep_firing_for: are (n - 1) evaluation intervals (hold %d: %s,
        nonFiniteHold %d: %s). A fast run pushes many samples between two evaluations and a
        slow one none, so the two alerts start and end at different moments: the server's
        hold filters noisy samples, for: and keep_firing_for: filter scrape timing.
      - Depth. The deepest layer of a run is recognised as the one whose gradient depth
        ratio is exactly 1: the server divides every layer's gradient norm by the deepest
        layer's, so only the deepest divides its norm by itself. Without gradients in the
        samples that marker is absent and the deepest layer is not excluded.
      - History. The vanishing-gradient decay check compares with the peak of the last %s,
        the server with the whole run.
      - Non-finite gradients. The server does not judge the norms of a gradient holding NaN
        or Inf; here they can read as vanished. NeuronwatchNonFiniteValues fires for that
        layer too, and Alertmanager's inhibit rule keeps the gradient alerts quiet then.\
      """;

  private PrometheusRuleFile() {}

  /** The rule file for {@code settings}, as YAML text ending in a newline. */
  public static String render(RuleSettings settings) {
    return render(settings, RUNBOOK_BASE);
  }

  /**
   * The rule file for {@code settings} with runbook links under {@code runbookBase} (for a copy of
   * the README hosted elsewhere, or a wiki with one anchor per alert).
   */
  public static String render(RuleSettings settings, String runbookBase) {
    if (runbookBase == null
        || runbookBase.isBlank()
        || runbookBase.chars().anyMatch(c -> c <= 0x20)) {
      throw new IllegalArgumentException(
          "runbookBase must be a URL without spaces, was '" + runbookBase + "'");
    }
    StringBuilder yaml = new StringBuilder(header(settings));
    yaml.append("\ngroups:\n  - name: ").append(GROUP).append("\n    rules:\n");
    List<PrometheusAlert> alerts = alerts(settings);
    for (int i = 0; i < alerts.size(); i++) {
      if (i > 0) {
        yaml.append('\n');
      }
      alerts.get(i).appendYaml(yaml, runbookBase);
    }
    return yaml.toString();
  }

  /**
   * The names of the alerts {@link #render} writes for {@code settings}, in file order. A check the
   * settings disable (a threshold of 0) drops its alert once none of its checks is left.
   */
  public static List<String> alertNames(RuleSettings settings) {
    return alerts(settings).stream().map(PrometheusAlert::name).toList();
  }

  private static List<PrometheusAlert> alerts(RuleSettings settings) {
    Objects.requireNonNull(settings, "settings");
    Holds holds = holds(settings);
    LayerAlerts layer = new LayerAlerts(settings, holds);
    RunAlerts run = new RunAlerts(holds, AGENT_SILENCE);
    List<PrometheusAlert> alerts = new ArrayList<>();
    alerts.add(layer.dyingRelu());
    VanishingGradientAlert.of(settings, holds).ifPresent(alerts::add);
    alerts.add(layer.explodingGradient());
    alerts.add(layer.saturatedActivations());
    alerts.add(run.nonFiniteValues());
    alerts.add(run.agentStopped());
    return alerts;
  }

  private static Holds holds(RuleSettings settings) {
    return new Holds(AlertRule.all(settings), EVALUATION_INTERVAL);
  }

  private static String header(RuleSettings settings) {
    StringBuilder thresholds = new StringBuilder();
    settings
        .asMap()
        .forEach(
            (name, value) ->
                thresholds
                    .append("\n  ")
                    .append(name)
                    .append(" = ")
                    .append(value instanceof Double d ? PromqlLiteral.number(d) : value));
    String text =
        String.format(
            Locale.ROOT,
            HEADER,
            REGENERATE_COMMAND,
            thresholds,
            PromqlLiteral.duration(EVALUATION_INTERVAL),
            settings.hold(),
            heldFor(settings, settings.hold()),
            settings.nonFiniteHold(),
            heldFor(settings, settings.nonFiniteHold()),
            VanishingGradientAlert.PEAK_WINDOW);
    StringBuilder comment = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      comment.append('#').append(line.isEmpty() ? "" : " " + line).append('\n');
    }
    return comment.toString();
  }

  private static String heldFor(RuleSettings settings, int samples) {
    return PromqlLiteral.duration(holds(settings).heldFor(samples));
  }
}
