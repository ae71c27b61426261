package dev.neuronwatch.server.metrics;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.nio.charset.StandardCharsets;

/**
 * The two text formats {@code /metrics} writes, and how each spells a family's metadata: the
 * Prometheus text format 0.0.4 (HELP then TYPE, a counter family named with {@code _total}) and
 * OpenMetrics 1.0 (TYPE then HELP, a counter family named without it, {@code # EOF} at the end).
 *
 * <pre>{@code
 * ExpositionFormat format = ExpositionFormat.forAccept(request.header("Accept"));
 * response.contentType(format.contentType());
 * }</pre>
 */
public enum ExpositionFormat {
  PROMETHEUS_TEXT(PrometheusTextFormatWriter.CONTENT_TYPE) {
    @Override
    ExpositionFormatWriter registryWriter() {
      return PrometheusTextFormatWriter.create();
    }

    @Override
    byte[] header(String family, String type, String help) {
      String name = type.equals("counter") ? family + "_total" : family;
      return ascii(
          "# HELP "
              + name
              + " "
              + ExpositionText.prometheusHelp(help)
              + "\n"
              + "# TYPE "
              + name
              + " "
              + type
              + "\n");
    }
  },
  OPEN_METRICS(OpenMetricsTextFormatWriter.CONTENT_TYPE) {
    @Override
    ExpositionFormatWriter registryWriter() {
      return OpenMetricsTextFormatWriter.create();
    }

    @Override
    byte[] header(String family, String type, String help) {
      return ascii(
          "# TYPE "
              + family
              + " "
              + type
              + "\n"
              + "# HELP "
              + family
              + " "
              + ExpositionText.openMetricsHelp(help)
              + "\n");
    }
  };

  private final String contentType;

  ExpositionFormat(String contentType) {
    this.contentType = contentType;
  }

  /**
   * OpenMetrics when {@code accept} asks for {@code application/openmetrics-text}, else the
   * Prometheus text format (never protobuf, whatever the header says).
   */
  public static ExpositionFormat forAccept(String accept) {
    return accept != null && accept.contains("application/openmetrics-text")
        ? OPEN_METRICS
        : PROMETHEUS_TEXT;
  }

  /** The Content-Type of a page in this format. */
  public String contentType() {
    return contentType;
  }

  /** The client_java writer of this format, for the families the Micrometer registry holds. */
  abstract ExpositionFormatWriter registryWriter();

  /** The metadata lines of a family ({@code type} gauge or counter) in this format. */
  abstract byte[] header(String family, String type, String help);

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
