package dev.neuronwatch.server.http;

import dev.neuronwatch.server.metrics.ExpositionFormat;
import dev.neuronwatch.server.metrics.MetricsExposition;
import io.javalin.http.Context;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code GET /metrics}: OpenMetrics when the Accept header asks for {@code
 * application/openmetrics-text}, else the Prometheus text format 0.0.4, with the content type of
 * the format written. Other formats (protobuf) are never chosen, whatever the Accept header says.
 * The page is streamed to the response as it is written, never held whole in memory.
 *
 * <pre>{@code
 * MetricsController metrics = new MetricsController(new MetricsExposition(registry, training));
 * }</pre>
 */
public final class MetricsController {
  static final String PATH = "/metrics";

  private final MetricsExposition exposition;

  public MetricsController(MetricsExposition exposition) {
    this.exposition = exposition;
  }

  void scrape(Context ctx) throws IOException {
    ExpositionFormat format = ExpositionFormat.forAccept(ctx.header("Accept"));
    ctx.status(200).contentType(format.contentType());
    // Large writes: Javalin decides on gzip (for a client that accepts it) at the first write,
    // compressing only when that write is at least its minimum size.
    OutputStream out = new BufferedOutputStream(ctx.outputStream(), 64 * 1024);
    exposition.write(out, format);
  }
}
