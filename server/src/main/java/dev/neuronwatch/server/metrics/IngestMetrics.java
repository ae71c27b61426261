package dev.neuronwatch.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The server's own ingest counters: {@code neuronwatch.ingest.reports} (accepted pushes) and {@code
 * neuronwatch.ingest.rejected} (tag reason; every reason is registered at 0 so that its rate exists
 * before the first rejection).
 *
 * <pre>{@code
 * IngestMetrics ingest = new IngestMetrics(registry);
 * ingest.rejected(RejectionReason.INVALID_JSON);
 * }</pre>
 */
public final class IngestMetrics {
  private final Counter accepted;
  private final Map<RejectionReason, Counter> rejected = new EnumMap<>(RejectionReason.class);

  public IngestMetrics(MeterRegistry registry) {
    accepted =
        Counter.builder("neuronwatch.ingest.reports")
            .description("Pushes the server accepted")
            .register(registry);
    for (RejectionReason reason : RejectionReason.values()) {
      rejected.put(
          reason,
          Counter.builder("neuronwatch.ingest.rejected")
              .description("Pushes the server refused, by reason")
              .tag("reason", reason.tagValue())
              .register(registry));
    }
  }

  /** Counts one accepted push. */
  public void accepted() {
    accepted.increment();
  }

  /** Counts one refused push. */
  public void rejected(RejectionReason reason) {
    rejected.get(reason).increment();
  }
}
