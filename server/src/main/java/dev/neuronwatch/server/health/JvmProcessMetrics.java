package dev.neuronwatch.server.health;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Micrometer's JVM and process binders, so that an operator can alert on the monitor itself: heap
 * and non-heap memory, garbage collection pauses, threads, loaded classes, CPU use, open file
 * descriptors, uptime ({@code jvm_*}, {@code process_*}, {@code system_*}). Closing it stops
 * listening for collections.
 *
 * <pre>{@code
 * try (JvmProcessMetrics health = new JvmProcessMetrics()) {
 *   health.bindTo(registry);
 * }
 * }</pre>
 */
public final class JvmProcessMetrics implements MeterBinder, AutoCloseable {
  private static final java.util.Set<String> LINT_REJECTED =
      java.util.Set.of("process.cpu.time", "system.cpu.count");

  private final JvmGcMetrics gc = new JvmGcMetrics();

  /**
   * Binds the meters. Call it before other meters are registered: it first adds a filter that
   * leaves out {@code process.cpu.time} and {@code system.cpu.count}, whose Prometheus names
   * ({@code process_cpu_time_ns_total}, {@code system_cpu_count}) {@code promtool check metrics}
   * rejects (an abbreviated unit; a {@code _count} suffix on a gauge); {@code process.cpu.usage}
   * and {@code system.cpu.usage} stay.
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    registry.config().meterFilter(MeterFilter.deny(id -> LINT_REJECTED.contains(id.getName())));
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  @Override
  public void close() {
    gc.close();
  }
}
