package dev.neuronwatch.agent;

import dev.neuronwatch.protocol.Alert;
import java.util.List;

/**
 * Receives the run's firing alerts whenever they change.
 *
 * <p>Called on the agent's push thread after an accepted push whose list of firing alerts differs
 * from the previous one (an alert started, stopped, or fired again since a new instant). Keep it
 * quick: the next push waits for it. Exceptions it throws are caught and logged.
 *
 * <pre>{@code
 * AgentConfig config = AgentConfig.builder()
 *     .run("mnist-7")
 *     .alertListener(firing -> firing.forEach(a -> log.warning(a.summary())))
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface AlertListener {
  /** The alerts firing now; an empty list when the last one stopped. */
  void onAlerts(List<Alert> firing);
}
