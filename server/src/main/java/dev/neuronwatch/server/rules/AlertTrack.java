package dev.neuronwatch.server.rules;

import dev.neuronwatch.protocol.AlertState;
import java.time.Instant;

/**
 * Where one (rule, run, layer) alert stands: its state, the streak that drives the next change
 * (FIRE samples while pending, CLEAR samples while firing), the instant of the last state change,
 * the step of the sample that made it pending, and the reading it shows: the latest FIRE reading
 * (kept while the alert is firing and once it is resolved). {@code clearFrom} is the step of the
 * first CLEAR sample of the current resolve streak (-1 outside one).
 */
record AlertTrack(
    AlertState state, int streak, Instant since, long step, RuleReading reading, long clearFrom) {

  AlertTrack(AlertState state, int streak, Instant since, long step, RuleReading reading) {
    this(state, streak, since, step, reading, -1);
  }

  /** The sentence for people, built now. */
  String summary() {
    return reading.summary();
  }

  /**
   * The track after one more reading of the sample at {@code step}, or null when there is no alert
   * (nothing started, or a pending alert was dropped). A result in state {@code RESOLVED} ends the
   * track.
   *
   * <p>Pending: FIRE advances (firing at {@code fireAfter}), ESCALATE fires at once, KEEP and CLEAR
   * drop it. Firing: FIRE, KEEP and ESCALATE keep it firing and restart the resolve streak, CLEAR
   * advances the streak and resolves at {@code resolveAfter} once the streak also spans {@code
   * resolveAfterSteps} steps.
   */
  static AlertTrack next(
      AlertTrack current,
      RuleReading reading,
      long step,
      Instant now,
      int fireAfter,
      int resolveAfter,
      long resolveAfterSteps) {
    Verdict verdict = reading.verdict();
    if (current == null || current.state == AlertState.RESOLVED) {
      if (verdict != Verdict.FIRE) {
        return null;
      }
      return fireAfter <= 1
          ? new AlertTrack(AlertState.FIRING, 0, now, step, reading)
          : new AlertTrack(AlertState.PENDING, 1, now, step, reading);
    }
    if (current.state == AlertState.PENDING) {
      return switch (verdict) {
        case FIRE -> {
          int held = current.streak + 1;
          yield held >= fireAfter
              ? new AlertTrack(AlertState.FIRING, 0, now, current.step, reading)
              : new AlertTrack(AlertState.PENDING, held, current.since, current.step, reading);
        }
        case ESCALATE -> new AlertTrack(AlertState.FIRING, 0, now, current.step, reading);
        case KEEP, CLEAR -> null;
      };
    }
    if (verdict != Verdict.CLEAR) {
      // The alert shows the reading that last fired it: a KEEP or CLEAR value is not what it is
      // about, and ESCALATE carries a count of non-finite values, not the rule's quantity.
      RuleReading shown = verdict == Verdict.FIRE ? reading : current.reading;
      return new AlertTrack(AlertState.FIRING, 0, current.since, current.step, shown);
    }
    int cleared = current.streak + 1;
    long clearFrom = current.streak == 0 ? step : current.clearFrom;
    return cleared >= resolveAfter && step - clearFrom >= resolveAfterSteps
        ? new AlertTrack(AlertState.RESOLVED, 0, now, current.step, current.reading)
        : new AlertTrack(
            AlertState.FIRING, cleared, current.since, current.step, current.reading, clearFrom);
  }
}
