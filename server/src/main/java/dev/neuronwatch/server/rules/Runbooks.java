package dev.neuronwatch.server.rules;

import java.util.Locale;

/**
 * Where each alert's runbook lives: one anchor per alert under a base address, {@code alert-<name
 * in lower case>}. The server's alerts and the Prometheus rule file use the same links.
 *
 * <pre>{@code
 * String url = Runbooks.url(Runbooks.DEFAULT_BASE, "NeuronwatchDyingRelu");
 * // https://github.com/neuronwatch/neuronwatch#alert-neuronwatchdyingrelu
 * }</pre>
 */
public final class Runbooks {
  /** The project's README, one heading per alert. */
  public static final String DEFAULT_BASE = "https://github.com/neuronwatch/neuronwatch#";

  private Runbooks() {}

  /** The runbook of alert {@code name} under {@code base}. */
  public static String url(String base, String name) {
    return base + "alert-" + name.toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException when {@code base} is blank or holds spaces or control
   *     characters
   */
  public static String checkBase(String base) {
    if (base == null || base.isBlank() || base.chars().anyMatch(c -> c <= 0x20)) {
      throw new IllegalArgumentException(
          "runbookBase must be a URL without spaces, was '" + base + "'");
    }
    return base;
  }
}
