package dev.neuronwatch.cli;

import dev.neuronwatch.agent.AlertListener;
import dev.neuronwatch.protocol.Alert;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Receives the firing alerts the agent reads from each push response, prints each alert the first
 * time it fires and remembers every alert seen, for the run's summary.
 *
 * <p>Called on the agent's push thread; the methods are synchronized because the summary is read
 * from the command's thread.
 */
final class AlertFeed implements AlertListener {
  private final PrintWriter out;
  private final String prefix;
  private final Map<String, Alert> seen = new LinkedHashMap<>();

  AlertFeed(PrintWriter out, String prefix) {
    this.out = out;
    this.prefix = prefix;
  }

  @Override
  public synchronized void onAlerts(List<Alert> firing) {
    for (Alert alert : firing) {
      String key = alert.name() + "/" + alert.layer();
      if (seen.put(key, alert) == null) {
        out.println(prefix + format(alert));
      }
    }
  }

  /** Every alert that fired during the run, in the order they first fired, with last values. */
  synchronized List<Alert> received() {
    return new ArrayList<>(seen.values());
  }

  static String format(Alert alert) {
    String where = alert.layer().isEmpty() ? "" : " layer=" + alert.layer();
    return String.format(
        "ALERT %s %s run=%s%s value=%.4g: %s",
        alert.state().wireName(), alert.name(), alert.run(), where, alert.value(), alert.summary());
  }
}
