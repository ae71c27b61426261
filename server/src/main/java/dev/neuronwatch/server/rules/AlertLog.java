package dev.neuronwatch.server.rules;

import dev.neuronwatch.protocol.Alert;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs alert changes: firing at WARN, resolved at INFO, pending and dropped at DEBUG, each with
 * rule, run, layer and value.
 *
 * <pre>{@code
 * AlertLog log = new AlertLog();
 * log.log(evaluator.evaluate(signals, now));
 * }</pre>
 */
public final class AlertLog {
  private static final Logger LOG = LoggerFactory.getLogger(AlertLog.class);

  /** Logs each change in order. */
  public void log(List<AlertTransition> transitions) {
    for (AlertTransition transition : transitions) {
      Alert alert = transition.alert();
      String layer = alert.layer().isEmpty() ? "-" : alert.layer();
      String format = "{} {}: run={} layer={} value={} ({})";
      Object[] args = {
        alert.name(),
        transition.kind().name().toLowerCase(Locale.ROOT),
        alert.run(),
        layer,
        alert.value(),
        alert.summary()
      };
      switch (transition.kind()) {
        case FIRING -> LOG.warn(format, args);
        case RESOLVED -> LOG.info(format, args);
        case PENDING, DROPPED -> LOG.debug(format, args);
      }
    }
  }
}
