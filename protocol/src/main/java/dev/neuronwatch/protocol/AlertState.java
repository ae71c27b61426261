package dev.neuronwatch.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where an alert is in its life: a condition that holds is {@code pending} until it has held for
 * the rule's hold, then {@code firing}; once it has not held for the hold it is {@code resolved}.
 */
public enum AlertState {
  PENDING,
  FIRING,
  RESOLVED;

  /** The lower-case name used in JSON. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
