package dev.neuronwatch.server.http;

import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code GET /metrics}: OpenMetrics when the Accept header asks for {@code
 * application/openmetrics-text}, else the Prometheus text format 0.0.4, with the content type of
 * the format written. Other formats (protobuf) are never chosen, whatever the Accept header says.
 *
 * <pre>{@code
 * MetricsController metrics = new MetricsController(registry);
 * }</pre>
 */
public final class MetricsController {
  static final String PATH = "/metrics";

  private final PrometheusMeterRegistry registry;

  public MetricsController(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  void scrape(Context ctx) throws IOException {
    String accept = ctx.header("Accept");
    String contentType =
        accept != null && accept.contains("application/openmetrics-text")
            ? OpenMetricsTextFormatWriter.CONTENT_TYPE
            : PrometheusTextFormatWriter.CONTENT_TYPE;
    ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
    // The registry picks its writer from this "accept" value: the one whose type we announce.
    registry.scrape(body, contentType);
    ctx.status(200).contentType(contentType).result(body.toByteArray());
  }
}
