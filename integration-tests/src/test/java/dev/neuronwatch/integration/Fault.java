package dev.neuronwatch.integration;

/**
 * What goes wrong between the agent and the server. {@link #NONE} is the healthy baseline; the
 * faults from {@link #SLOW} on are played by a {@link FaultyFront} in front of a real server,
 * {@link #ABSENT} and {@link #RESTARTED} by the real server itself.
 */
enum Fault {
  NONE("healthy server"),
  ABSENT("no server listening until training has ended"),
  RESTARTED("server stopped mid-run, a new one started on the same port later in the run"),
  SLOW("answers after 2.5 s, beyond the 1 s request timeout (the server still applies the push)"),
  SERVER_ERROR("answers 500"),
  RATE_LIMITED("answers 429 with Retry-After: 1"),
  TOO_LARGE("answers 413 to every push"),
  GARBAGE_BYTES("answers bytes that are not HTTP, then closes"),
  NOT_JSON("answers 200 with an HTML body"),
  HANG("accepts the connection, reads the request, never answers");

  private final String description;

  Fault(String description) {
    this.description = description;
  }

  String description() {
    return description;
  }

  /** Whether a {@link FaultyFront} plays this fault. */
  boolean viaFront() {
    return this != ABSENT && this != RESTARTED;
  }
}
