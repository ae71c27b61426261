package dev.neuronwatch.server.rules;

import dev.neuronwatch.protocol.Alert;
import java.util.Objects;

/**
 * A change of one alert caused by one sample. {@code alert} shows the alert as it is after the
 * change; for {@link Kind#DROPPED} it is the pending alert that was dropped.
 *
 * <pre>{@code
 * for (AlertTransition t : evaluator.evaluate(signals, now)) {
 *   if (t.kind() == AlertTransition.Kind.FIRING) page(t.alert());
 * }
 * }</pre>
 */
public record AlertTransition(Kind kind, Alert alert) {

  public AlertTransition {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(alert, "alert");
  }

  /** What happened to the alert. */
  public enum Kind {
    /** The condition started to hold; the alert waits for its hold. */
    PENDING,
    /** The condition held for the hold. */
    FIRING,
    /** A firing alert's condition has not held for the hold. */
    RESOLVED,
    /** A pending alert's condition stopped holding before it fired. */
    DROPPED
  }
}
