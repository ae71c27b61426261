package dev.neuronwatch.detection;

import dev.neuronwatch.protocol.Alert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a {@link BenchmarkResult} as Markdown: a summary, the per-rule table, every pathology run,
 * every false alarm and missed detection in detail, the healthy runs, and what was left out.
 *
 * <pre>{@code
 * String markdown = MarkdownReport.render(result, "java -jar detection/target/detection.jar");
 * }</pre>
 */
public final class MarkdownReport {
  private MarkdownReport() {}

  /** The whole report; {@code command} is quoted as the way to reproduce it. */
  public static String render(BenchmarkResult result, String command) {
    StringBuilder md = new StringBuilder();
    md.append("# Detection benchmark, tier `").append(result.tier().cliName()).append("`\n\n");
    md.append("Command: `").append(command).append("`  \n");
    md.append("Started ")
        .append(result.started())
        .append(", took ")
        .append(result.took().toSeconds())
        .append(" s on ")
        .append(machine())
        .append(".\n\n");
    summary(md, result);
    rules(md, result.scores());
    pathologyRuns(md, result.pathologies());
    falseAlarms(md, result.falseAlarms());
    missed(md, result.missed());
    healthyRuns(md, result.healthy());
    excluded(md, result);
    onsets(md);
    return md.toString();
  }

  static String machine() {
    return System.getProperty("os.name")
        + " "
        + System.getProperty("os.arch")
        + ", "
        + Runtime.getRuntime().availableProcessors()
        + " cores, Java "
        + System.getProperty("java.version");
  }

  private static void summary(StringBuilder md, BenchmarkResult result) {
    int labelled = result.pathologies().size();
    long detected = result.pathologies().stream().filter(RunAnalysis::detected).count();
    List<Long> margins = new ArrayList<>();
    for (RunAnalysis run : result.pathologies()) {
      if (run.firstNonFinite().isPresent()) {
        HeardMoment heard = run.detectionHeard();
        margins.add(heard == null ? null : run.firstNonFinite().getAsLong() - heard.stepHigh());
      }
    }
    long inTime = margins.stream().filter(m -> m != null && m > 0).count();
    md.append("## Summary\n\n");
    md.append("| Target | Measured |\n|---|---|\n");
    md.append("| Recall 100% on labelled pathologies | ")
        .append(detected)
        .append(" / ")
        .append(labelled)
        .append(" = ")
        .append(percent(labelled == 0 ? Double.NaN : (double) detected / labelled))
        .append(" |\n");
    md.append("| 0 healthy runs with a firing alert | ")
        .append(result.falseAlarms().size())
        .append(" of ")
        .append(result.healthy().size())
        .append(" healthy runs (")
        .append(result.healthy().stream().map(r -> r.spec().group()).distinct().count())
        .append(" configurations) |\n");
    md.append("| At most 1 fire/resolve cycle per alert per run | max ")
        .append(result.maxCycles())
        .append(" |\n");
    md.append("| Explosion alert heard before the first non-finite loss | ")
        .append(inTime)
        .append(" of ")
        .append(margins.size())
        .append(" runs that reached one |\n\n");
  }

  private static void rules(StringBuilder md, List<RuleScore> scores) {
    md.append("## Per rule\n\n");
    md.append(
        "Lead = from the onset to the listener hearing the alert (steps: upper bound of the step"
            + " then completed; ms: from the onset step's sample). Before NaN = first non-finite"
            + " loss step minus that step (> 0: in time). Cycles = fire/resolve cycles of one alert"
            + " (rule, run, layer), over all runs.\n\n");
    md.append(
        "| Rule | Recall | Heard | Lead steps median / worst | Lead ms median / worst "
            + "| Before NaN median / worst (in time) | False alarms on healthy runs "
            + "| Cycles max / excess |\n");
    md.append("|---|---|---|---|---|---|---|---|\n");
    for (RuleScore s : scores) {
      md.append("| ")
          .append(s.rule().replace("Neuronwatch", ""))
          .append(" | ")
          .append(
              s.labelled() == 0
                  ? "-"
                  : s.detected() + "/" + s.labelled() + " " + percent(s.recall()))
          .append(" | ")
          .append(s.labelled() == 0 ? "-" : s.heard() + "/" + s.labelled())
          .append(" | ")
          .append(medianWorst(s.leadSteps(), true))
          .append(" | ")
          .append(medianWorst(s.leadMillis(), true))
          .append(" | ")
          .append(
              s.stepsBeforeNonFinite().isEmpty()
                  ? "-"
                  : medianWorst(s.stepsBeforeNonFinite(), false)
                      + " ("
                      + s.heardBeforeNonFinite()
                      + "/"
                      + s.stepsBeforeNonFinite().size()
                      + ")")
          .append(" | ")
          .append(s.falseAlarmRuns())
          .append(" / ")
          .append(s.healthyRuns())
          .append(" | ")
          .append(s.maxCycles())
          .append(" / ")
          .append(s.excessCycles())
          .append(" |\n");
    }
    md.append('\n');
  }

  private static void pathologyRuns(StringBuilder md, List<RunAnalysis> runs) {
    md.append("## Pathology runs\n\n");
    md.append(
        "| Run | Configuration | Expected | Onset | First NaN loss | Heard at step "
            + "| Lead steps / ms | Before NaN | Detected | Fired (layer x cycles) |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (RunAnalysis run : runs) {
      String expected = run.spec().expected().alert();
      HeardMoment heard = run.detectionHeard();
      String heardRule = heard == null ? expected : heard.rule();
      md.append("| ")
          .append(run.spec().id())
          .append(" | ")
          .append(run.spec().describe())
          .append(" | ")
          .append(shortName(expected))
          .append(
              run.spec().expected().orBeforeNonFinite() == null
                  ? ""
                  : " (or " + shortName(run.spec().expected().orBeforeNonFinite()) + " before NaN)")
          .append(" | ")
          .append(run.onset().getAsLong())
          .append(" | ")
          .append(
              run.firstNonFinite().isPresent()
                  ? String.valueOf(run.firstNonFinite().getAsLong())
                  : "-")
          .append(" | ")
          .append(heard == null ? "not heard" : shortName(heard.rule()) + " " + range(heard))
          .append(" | ")
          .append(orDash(run.leadSteps(heardRule)))
          .append(" / ")
          .append(orDash(run.leadMillis(heardRule)))
          .append(" | ")
          .append(orDash(run.stepsBeforeNonFinite(heardRule)))
          .append(" | ")
          .append(run.detected() ? "yes" : "**no**")
          .append(" | ")
          .append(fired(run))
          .append(" |\n");
    }
    md.append('\n');
  }

  private static void falseAlarms(StringBuilder md, List<RunAnalysis> runs) {
    md.append("## False alarms on healthy runs\n\n");
    if (runs.isEmpty()) {
      md.append("None.\n\n");
      return;
    }
    md.append(
        "| Run | Configuration | Outcome | Alert | Layer | Cycles | Last value "
            + "| Pending from step (server) | Heard at step | Summary |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (RunAnalysis run : runs) {
      for (Map.Entry<String, Map<String, Integer>> rule : run.fires().entrySet()) {
        for (Map.Entry<String, Integer> layer : rule.getValue().entrySet()) {
          Alert last = run.lastEntry(rule.getKey(), layer.getKey());
          HeardMoment heard = run.firstHeard(rule.getKey());
          md.append("| ")
              .append(run.spec().id())
              .append(" | ")
              .append(run.spec().describe())
              .append(" | ")
              .append(outcome(run))
              .append(" | ")
              .append(shortName(rule.getKey()))
              .append(" | ")
              .append(layer.getKey().isEmpty() ? "(run)" : layer.getKey())
              .append(" | ")
              .append(layer.getValue())
              .append(" | ")
              .append(last == null ? "-" : format(last.value()))
              .append(" | ")
              .append(last == null || last.step() == null ? "-" : last.step())
              .append(" | ")
              .append(heard == null ? "not heard" : range(heard))
              .append(" | ")
              .append(last == null ? "-" : last.summary().replace("|", "/"))
              .append(" |\n");
        }
      }
    }
    md.append('\n');
  }

  private static void missed(StringBuilder md, List<RunAnalysis> runs) {
    md.append("## Missed detections\n\n");
    if (runs.isEmpty()) {
      md.append("None.\n\n");
      return;
    }
    md.append(
        "| Run | Configuration | Expected | Onset | First NaN loss | Fired instead | Heard |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    for (RunAnalysis run : runs) {
      md.append("| ")
          .append(run.spec().id())
          .append(" | ")
          .append(run.spec().describe())
          .append(" | ")
          .append(shortName(run.spec().expected().alert()))
          .append(" | ")
          .append(run.onset().getAsLong())
          .append(" | ")
          .append(
              run.firstNonFinite().isPresent()
                  ? String.valueOf(run.firstNonFinite().getAsLong())
                  : "-")
          .append(" | ")
          .append(fired(run))
          .append(" | ")
          .append(
              run.heardInOrder().isEmpty()
                  ? "nothing"
                  : run.heardInOrder().stream()
                      .map(h -> shortName(h.rule()) + " " + h.layer() + " " + range(h))
                      .collect(Collectors.joining(", ")))
          .append(" |\n");
    }
    md.append('\n');
  }

  private static void healthyRuns(StringBuilder md, List<RunAnalysis> runs) {
    md.append("## Healthy runs (learned)\n\n");
    md.append("| Run | Configuration | Outcome | Fired (layer x cycles) |\n|---|---|---|---|\n");
    runs.stream()
        .sorted(Comparator.comparing(r -> r.spec().id()))
        .forEach(
            run ->
                md.append("| ")
                    .append(run.spec().id())
                    .append(" | ")
                    .append(run.spec().describe())
                    .append(" | ")
                    .append(outcome(run))
                    .append(" | ")
                    .append(fired(run))
                    .append(" |\n"));
    md.append('\n');
  }

  private static void excluded(StringBuilder md, BenchmarkResult result) {
    md.append("## Left out\n\n");
    if (result.excluded().isEmpty() && result.notes().isEmpty()) {
      md.append("Nothing.\n\n");
      return;
    }
    for (Exclusion exclusion : result.excluded()) {
      md.append("- `")
          .append(exclusion.spec().id())
          .append("` (")
          .append(exclusion.spec().describe())
          .append("): ")
          .append(exclusion.reason())
          .append('\n');
    }
    for (String note : result.notes()) {
      md.append("- ").append(note).append('\n');
    }
    md.append('\n');
  }

  private static void onsets(StringBuilder md) {
    md.append("## Onset definitions\n\n");
    for (Onset onset : Onset.values()) {
      md.append("- `").append(onset.name()).append("`: ").append(onset.definition()).append('\n');
    }
    md.append('\n');
  }

  /** Final training accuracy (or loss for regression), steps, and whether it diverged. */
  static String outcome(RunAnalysis run) {
    var result = run.record().result();
    String quality =
        result.finalAccuracy() != null
            ? String.format(
                Locale.ROOT, "acc %.3f, loss %.2g", result.finalAccuracy(), result.finalLoss())
            : String.format(Locale.ROOT, "mse %.2g", result.finalLoss());
    return quality
        + (result.diverged() ? ", diverged" : "")
        + " after "
        + result.steps()
        + " steps";
  }

  private static String fired(RunAnalysis run) {
    if (run.fires().isEmpty()) {
      return "-";
    }
    return run.fires().entrySet().stream()
        .map(
            e ->
                shortName(e.getKey())
                    + ": "
                    + e.getValue().entrySet().stream()
                        .map(
                            l -> (l.getKey().isEmpty() ? "(run)" : l.getKey()) + "x" + l.getValue())
                        .collect(Collectors.joining(" ")))
        .collect(Collectors.joining("; "));
  }

  private static String shortName(String rule) {
    return rule == null ? "-" : rule.replace("Neuronwatch", "");
  }

  private static String range(HeardMoment heard) {
    return heard.stepLow() == heard.stepHigh()
        ? String.valueOf(heard.stepLow())
        : heard.stepLow() + "-" + heard.stepHigh();
  }

  private static String medianWorst(List<Long> values, boolean worstIsMax) {
    if (values.isEmpty()) {
      return "-";
    }
    long worst =
        worstIsMax
            ? values.stream().mapToLong(Long::longValue).max().getAsLong()
            : values.stream().mapToLong(Long::longValue).min().getAsLong();
    return format(Stats.median(values)) + " / " + worst;
  }

  private static String orDash(Long value) {
    return value == null ? "-" : String.valueOf(value);
  }

  private static String percent(double fraction) {
    return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * fraction);
  }

  private static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e9) {
      return String.valueOf((long) value);
    }
    return String.format(Locale.ROOT, "%.3g", value);
  }
}
