package dev.neuronwatch.server.rules;

import dev.neuronwatch.model.AlertState;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Where one (rule, run, layer) alert stands: its state, the streak that drives the next change
 * (holding samples while pending, clear samples while firing), the instant of the last state change
 * and the latest reading. The reading's sentence is kept unbuilt until someone reads the alert.
 */
record AlertTrack(
    AlertState state, int streak, Instant since, double value, Supplier<String> describe) {

  /** The sentence for people, built now. */
  String summary() {
    return describe.get();
  }

  /**
   * The track after one more reading, or null when there is no alert (the condition does not hold
   * and nothing was pending, or a pending alert was dropped). A result in state {@code RESOLVED}
   * ends the track.
   */
  static AlertTrack next(
      AlertTrack current, RuleReading reading, Instant now, int fireAfter, int resolveAfter) {
    if (current == null || current.state == AlertState.RESOLVED) {
      if (!reading.holds()) {
        return null;
      }
      return fireAfter <= 1
          ? of(AlertState.FIRING, 0, now, reading)
          : of(AlertState.PENDING, 1, now, reading);
    }
    if (current.state == AlertState.PENDING) {
      if (!reading.holds()) {
        return null;
      }
      int held = current.streak + 1;
      return held >= fireAfter
          ? of(AlertState.FIRING, 0, now, reading)
          : of(AlertState.PENDING, held, current.since, reading);
    }
    if (reading.holds()) {
      return of(AlertState.FIRING, 0, current.since, reading);
    }
    int cleared = current.streak + 1;
    return cleared >= resolveAfter
        ? of(AlertState.RESOLVED, 0, now, reading)
        : of(AlertState.FIRING, cleared, current.since, reading);
  }

  private static AlertTrack of(AlertState state, int streak, Instant since, RuleReading reading) {
    return new AlertTrack(state, streak, since, reading.value(), reading.describe());
  }
}
