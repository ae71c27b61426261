package dev.neuronwatch.server.rules.prometheus;

import dev.neuronwatch.server.rules.AlertRule;
import dev.neuronwatch.server.rules.RuleSettings;
import dev.neuronwatch.server.rules.Runbooks;
import dev.neuronwatch.server.store.RunStatus;
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
 * rule evaluations of the latest values, so a hold of n samples becomes {@code for:} of (n - 1)
 * &times; {@link #EVALUATION_INTERVAL} and a resolve hold of m samples {@code keep_firing_for:} of
 * (m - 1) intervals. Clear thresholds become a second branch that holds only while the alert's own
 * {@code ALERTS} series is firing. The header of the rendered file lists every difference between
 * the two evaluators.
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
  public static final Duration AGENT_SILENCE = RunStatus.SILENCE;

  /** The alert for a run whose agent stopped pushing; it has no server-side counterpart. */
  public static final String AGENT_STOPPED = "NeuronwatchAgentStopped";

  /** The name of the one rule group. */
  public static final String GROUP = "neuronwatch";

  /**
   * Where the runbooks live by default: the project's README, one heading per alert ({@code
   * alert-<name in lower case>} is appended). {@link #render(RuleSettings, String)} takes another.
   */
  public static final String RUNBOOK_BASE = Runbooks.DEFAULT_BASE;

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

      The alerts mirror the server's rules: same names, same conditions on the same layers,
      same fire and clear thresholds (a firing alert is kept while its value stays between
      the two, through its own ALERTS series). A parity test replays real training runs one
      sample per evaluation and checks that both raise the same alerts. They differ where
      Prometheus sees less than the server:
      - Holds. The server counts training samples: an alert fires on the n-th consecutive
        sample beyond its fire threshold and resolves on the m-th beyond its clear
        threshold. Prometheus sees the latest values once per evaluation (every %s), so
        here n and m count evaluations: for: is (hold - 1) and keep_firing_for: is
        (resolveHold - 1) evaluation intervals (hold %d: %s, resolveHold %d: %s,
        nonFiniteHold %d: %s). A fast run pushes many samples between two evaluations and a
        slow one none, so the two alerts start and end at different moments.
      - Non-finite gradients. The server does not judge the gradient ratios of a layer whose
        gradient holds NaN or Inf (its alerts stay as they are); here those series are
        absent or NaN, so a pending or firing alert on them starts to resolve. A NaN
        gradient fires a pending NeuronwatchExplodingGradient at once on the server; here it
        keeps the alert pending until for: has passed.
      - Non-finite values. The server judges each sample's counts; here a counter that rose
        within the last %s counts, so the alert lasts up to that much longer.
      - Missing readings. A sample without a reading for a rule (a loss window too short, no
        loss, a layer absent) leaves the server's alert as it is; here the condition is
        false and the alert starts to resolve.
      - Depth. The deepest layer is the one with the run's largest neuronwatch_layer_depth;
        the server takes the deepest of each sample (the same when every sample carries
        every layer). Two layers sharing the largest depth are both left out here.
      - Loss spikes. Prometheus sees the latest sample's loss: a spike the agent sends
        between two scrapes is seen by the server alone. Such a layerless sample leaves
        every layer alert as it is on the server; an evaluation here re-reads the layers'
        last values, so one layer reading can count for several evaluations. The server
        resolves NeuronwatchLossSpike only after its resolve samples span
        lossSpikeResolveSteps training steps; here keep_firing_for counts evaluations alone.
      - NeuronwatchAgentStopped exists here only: the server cannot hear a silent agent. It
        reports the run as stopped in /api/v1/runs and keeps it (and its series, so the alert
        stays firing) for stoppedRunTtl (24h) or until the run is deleted.\
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
    Runbooks.checkBase(runbookBase);
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
    RunAlerts run = new RunAlerts(settings, holds, AGENT_SILENCE);
    List<PrometheusAlert> alerts = new ArrayList<>();
    alerts.add(layer.dyingRelu());
    VanishingGradientAlert.of(settings, holds).ifPresent(alerts::add);
    alerts.add(layer.explodingGradient());
    alerts.add(layer.saturatedActivations());
    alerts.add(run.nonFiniteValues());
    alerts.add(run.lossSpike());
    alerts.add(layer.frozenLayer());
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
            settings.resolveHold(),
            heldFor(settings, settings.resolveHold()),
            settings.nonFiniteHold(),
            heldFor(settings, settings.nonFiniteHold()),
            RunAlerts.NON_FINITE_WINDOW);
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
