package dev.neuronwatch.integration;

import dev.neuronwatch.agent.AgentConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * The agent settings of these tests: every step sampled, a small queue and batch so that faults
 * fill them quickly, and network timeouts of about a second so that faults cost little time.
 */
final class Agents {
  static final int QUEUE_CAPACITY = 64;
  static final int MAX_SAMPLES_PER_PUSH = 16;
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
  static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(1);
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

  private Agents() {}

  static AgentConfig.Builder config(String run, URI serverUri) {
    return AgentConfig.builder()
        .run(run)
        .serverUri(serverUri)
        .sampleEvery(1)
        .queueCapacity(QUEUE_CAPACITY)
        .maxSamplesPerPush(MAX_SAMPLES_PER_PUSH)
        .requestTimeout(REQUEST_TIMEOUT)
        .connectTimeout(CONNECT_TIMEOUT)
        .maxBackoff(MAX_BACKOFF)
        .closeTimeout(CLOSE_TIMEOUT);
  }

  /** A run name for a test and fault, e.g. {@code timing-slow}. */
  static String run(String prefix, Fault fault) {
    return prefix + "-" + fault.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
