package dev.neuronwatch.agent.push;

import dev.neuronwatch.protocol.Alert;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Keeps the firing alerts of the last accepted push and tells the listener when they change.
 *
 * <p>"Changed" means an alert started, stopped, or fired again from a new instant; a firing alert's
 * value and summary move with every push and do not count, or the listener would hear the same
 * alerts every second.
 */
final class FiringAlerts {
  private static final Logger LOG = System.getLogger(FiringAlerts.class.getName());

  private final Consumer<List<Alert>> listener;
  private volatile List<Alert> current = List.of();
  private Set<AlertKey> lastKeys = Set.of();
  private boolean listenerFailureLogged;

  FiringAlerts(Consumer<List<Alert>> listener) {
    this.listener = listener;
  }

  /** The firing alerts of the last accepted push; safe from any thread. */
  List<Alert> current() {
    return current;
  }

  /** Records a push response's firing alerts; called on the push thread only. */
  void update(List<Alert> firing) {
    current = List.copyOf(firing);
    Set<AlertKey> keys = firing.stream().map(AlertKey::of).collect(Collectors.toSet());
    if (keys.equals(lastKeys)) {
      return;
    }
    lastKeys = keys;
    try {
      listener.accept(current);
    } catch (Throwable t) {
      Level level = listenerFailureLogged ? Level.DEBUG : Level.WARNING;
      listenerFailureLogged = true;
      LOG.log(level, "the alert listener threw; the agent carries on", t);
    }
  }

  private record AlertKey(String name, String layer, String since) {
    static AlertKey of(Alert alert) {
      return new AlertKey(alert.name(), alert.layer(), alert.since());
    }
  }
}
