package dev.neuronwatch.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * A gauge whose series exists only while it has a value: setting null removes the series rather
 * than exporting a stale or made-up number. Writers must be serialised (one run's updates are);
 * scrapes may read concurrently.
 */
final class OptionalGauge {
  private final MeterRegistry registry;
  private final Gauge.Builder<OptionalGauge> builder;
  private volatile Double value;
  private Gauge gauge;

  OptionalGauge(MeterRegistry registry, String name, String description, Tags tags) {
    this.registry = registry;
    this.builder =
        Gauge.builder(name, this, OptionalGauge::read)
            .description(description)
            .tags(tags)
            .strongReference(true);
  }

  void set(Double value) {
    this.value = value;
    if (value != null && gauge == null) {
      gauge = builder.register(registry);
    } else if (value == null) {
      remove();
    }
  }

  void remove() {
    if (gauge != null) {
      registry.remove(gauge);
      gauge = null;
    }
  }

  private double read() {
    Double current = value;
    // A scrape racing a removal may still call in; NaN is what Micrometer reports for "no value".
    return current == null ? Double.NaN : current;
  }
}
