package dev.neuronwatch.server.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code /metrics} page, streamed: the Micrometer registry's families (JVM, process, HTTP,
 * per-run, alerts, ingest) written by client_java, and the per-layer families written straight from
 * the layers' compact state ({@link LayerFamilies}) in their place in name order, so that the page
 * reads as if every series were a meter. In OpenMetrics the page ends with one {@code # EOF}.
 * Scrapes may run concurrently with each other and with updates.
 *
 * <pre>{@code
 * MetricsExposition exposition = new MetricsExposition(registry, trainingMetrics);
 * exposition.write(response.getOutputStream(), ExpositionFormat.forAccept(accept));
 * }</pre>
 */
public final class MetricsExposition {
  private final PrometheusMeterRegistry registry;
  private final TrainingMetrics training;

  public MetricsExposition(PrometheusMeterRegistry registry, TrainingMetrics training) {
    this.registry = registry;
    this.training = training;
  }

  /** Writes the whole page to {@code out} in {@code format} and flushes it; does not close it. */
  public void write(OutputStream out, ExpositionFormat format) throws IOException {
    List<MetricSnapshot> before = new ArrayList<>();
    List<MetricSnapshot> after = new ArrayList<>();
    for (MetricSnapshot snapshot : registry.getPrometheusRegistry().scrape()) {
      String name = snapshot.getMetadata().getPrometheusName();
      (name.compareTo(LayerFamilies.PREFIX) < 0 ? before : after).add(snapshot);
    }
    ExpositionFormatWriter writer = format.registryWriter();
    WithoutEof first = new WithoutEof(out);
    writer.write(first, new MetricSnapshots(before));
    first.finish();
    TextSink sink = new TextSink(out);
    LayerFamilies.write(sink, format, training::forEachLayer);
    sink.drain();
    writer.write(out, new MetricSnapshots(after));
    out.flush();
  }
}
