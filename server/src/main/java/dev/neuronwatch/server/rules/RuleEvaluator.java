package dev.neuronwatch.server.rules;

import dev.neuronwatch.protocol.Alert;
import dev.neuronwatch.protocol.AlertState;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Runs the rules on each applied sample and keeps one state machine per (rule, run, layer).
 *
 * <p>A FIRE reading makes a new alert PENDING; after {@link AlertRule#fireAfter()} consecutive FIRE
 * readings it is FIRING (an ESCALATE reading fires a pending alert at once). A FIRING alert is
 * RESOLVED after {@link AlertRule#resolveAfter()} consecutive CLEAR readings, beyond the rule's
 * clear threshold; a KEEP reading, between the clear and the fire threshold, keeps it firing and
 * starts the count again (hysteresis). A PENDING alert whose condition stops holding is dropped. A
 * layer absent from a sample, or one the rule does not apply to, keeps its alert as it is. {@code
 * since} is the instant of the last state change, {@code step} the step of the sample that made the
 * alert pending, {@code value}, {@code threshold} and {@code summary} those of the latest reading
 * beyond the fire threshold (the one that last fired it, kept once resolved), {@code runbook} the
 * alert's runbook under the evaluator's base. The most recent {@code resolvedKept} resolved alerts
 * are kept for the API.
 *
 * <p>Thread-safe; every method locks the evaluator, so readings of one run must be fed in step
 * order by the caller (the store's run lock does that).
 *
 * <pre>{@code
 * RuleEvaluator evaluator = new RuleEvaluator(AlertRule.all(RuleSettings.defaults()), 100);
 * List<AlertTransition> changes = evaluator.evaluate(signals, Instant.now());
 * List<Alert> firing = evaluator.alerts("run-1", AlertState.FIRING);
 * }</pre>
 */
public final class RuleEvaluator {
  private final List<AlertRule> rules;
  private final int resolvedKept;
  private final String runbookBase;
  private final NavigableMap<AlertKey, AlertTrack> active = new TreeMap<>();
  private final Deque<Alert> resolved = new ArrayDeque<>();

  /** An evaluator whose alerts link to the runbooks under {@link Runbooks#DEFAULT_BASE}. */
  public RuleEvaluator(List<AlertRule> rules, int resolvedKept) {
    this(rules, resolvedKept, Runbooks.DEFAULT_BASE);
  }

  /** An evaluator whose alerts link to the runbooks under {@code runbookBase}. */
  public RuleEvaluator(List<AlertRule> rules, int resolvedKept, String runbookBase) {
    if (resolvedKept < 0) {
      throw new IllegalArgumentException("resolvedKept must not be negative, was " + resolvedKept);
    }
    this.rules = List.copyOf(rules);
    this.resolvedKept = resolvedKept;
    this.runbookBase = Runbooks.checkBase(runbookBase);
  }

  /** Feeds one sample to every rule and returns the alert changes it caused, in rule order. */
  public synchronized List<AlertTransition> evaluate(SampleSignals sample, Instant now) {
    List<AlertTransition> changes = new ArrayList<>();
    for (AlertRule rule : rules) {
      for (RuleReading reading : rule.evaluate(sample)) {
        AlertKey key = new AlertKey(rule.name(), sample.run(), reading.layer());
        AlertTransition change = step(rule, key, reading, sample.sample().step(), now);
        if (change != null) {
          changes.add(change);
        }
      }
    }
    return changes;
  }

  /** Advances one alert; returns its change, or null when its state stayed the same. */
  private AlertTransition step(
      AlertRule rule, AlertKey key, RuleReading reading, long step, Instant now) {
    AlertTrack before = active.get(key);
    AlertTrack after =
        AlertTrack.next(
            before,
            reading,
            step,
            now,
            rule.fireAfter(),
            rule.resolveAfter(),
            rule.resolveAfterSteps());
    if (after == null) {
      active.remove(key);
      if (before == null) {
        return null;
      }
      AlertTrack dropped =
          new AlertTrack(before.state(), 0, before.since(), before.step(), reading);
      return new AlertTransition(AlertTransition.Kind.DROPPED, alert(key, dropped));
    }
    if (after.state() == AlertState.RESOLVED) {
      active.remove(key);
      archive(alert(key, after));
    } else {
      active.put(key, after);
    }
    if (before != null && before.state() == after.state()) {
      return null;
    }
    AlertTransition.Kind kind = AlertTransition.Kind.valueOf(after.state().name());
    return new AlertTransition(kind, alert(key, after));
  }

  /**
   * Ends the alerts of a run that is gone (deleted or idle): each firing alert is RESOLVED now and
   * kept with the resolved ones, its summary telling {@code why}; each pending one is DROPPED, as a
   * pending alert whose condition stops holding is. The run's later samples, if any, start from no
   * alert.
   *
   * @return the changes, in alert order
   */
  public synchronized List<AlertTransition> endRun(String run, Instant now, String why) {
    List<AlertTransition> changes = new ArrayList<>();
    Iterator<Map.Entry<AlertKey, AlertTrack>> entries = tracksOf(run).entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<AlertKey, AlertTrack> entry = entries.next();
      AlertKey key = entry.getKey();
      entries.remove();
      AlertTrack track = entry.getValue();
      if (track.state() == AlertState.FIRING) {
        RuleReading last = track.reading();
        RuleReading endedReading =
            new RuleReading(
                last.layer(),
                Verdict.CLEAR,
                last.value(),
                last.threshold(),
                ended(last.summary(), why),
                last.origin());
        AlertTrack ended = new AlertTrack(AlertState.RESOLVED, 0, now, track.step(), endedReading);
        Alert resolvedAlert = alert(key, ended);
        archive(resolvedAlert);
        changes.add(new AlertTransition(AlertTransition.Kind.RESOLVED, resolvedAlert));
      } else {
        changes.add(new AlertTransition(AlertTransition.Kind.DROPPED, alert(key, track)));
      }
    }
    return changes;
  }

  private void archive(Alert alert) {
    resolved.addFirst(alert);
    while (resolved.size() > resolvedKept) {
      resolved.removeLast();
    }
  }

  /**
   * The alerts matching both filters (null matches all): pending and firing ones ordered by run,
   * rule and layer, then the kept resolved ones, newest first.
   */
  public synchronized List<Alert> alerts(String run, AlertState state) {
    List<Alert> alerts = new ArrayList<>();
    active.forEach(
        (key, track) -> {
          if (matches(key.run(), track.state(), run, state)) {
            alerts.add(alert(key, track));
          }
        });
    for (Alert alert : resolved) {
      if (matches(alert.run(), alert.state(), run, state)) {
        alerts.add(alert);
      }
    }
    return alerts;
  }

  /** The firing alerts of one run; answered on every push, so it reads only that run's tracks. */
  public synchronized List<Alert> firing(String run) {
    List<Alert> firing = new ArrayList<>();
    tracksOf(run)
        .forEach(
            (key, track) -> {
              if (track.state() == AlertState.FIRING) {
                firing.add(alert(key, track));
              }
            });
    return firing;
  }

  /**
   * The tracks of one run, a view of {@code active}: keys sort by run first, and the empty rule and
   * layer names sort before any other, so the run's keys lie between these two bounds.
   */
  private NavigableMap<AlertKey, AlertTrack> tracksOf(String run) {
    return active.subMap(new AlertKey("", run, ""), true, new AlertKey("", run + '\0', ""), false);
  }

  private static boolean matches(
      String alertRun, AlertState alertState, String run, AlertState state) {
    return (run == null || run.equals(alertRun)) && (state == null || state == alertState);
  }

  private Alert alert(AlertKey key, AlertTrack track) {
    RuleReading reading = track.reading();
    return new Alert(
        key.rule(),
        key.run(),
        key.layer(),
        track.state(),
        reading.value(),
        track.since().toString(),
        reading.summary(),
        reading.threshold(),
        track.step(),
        Runbooks.url(runbookBase, key.rule()),
        reading.origin());
  }

  private static java.util.function.Supplier<String> ended(String summary, String why) {
    String text = summary + "; " + why;
    return () -> text;
  }
}
