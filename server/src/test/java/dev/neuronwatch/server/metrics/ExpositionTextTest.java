package dev.neuronwatch.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The layer labels and the HELP lines are escaped exactly as client_java escapes them. */
class ExpositionTextTest {
  private static final String RUN = "team\\a \"quoted\"\nnext";
  private static final String LAYER = "x\\\"\n\\n\"";
  private static final String HELP = "back\\slash, \"quotes\"\nand a second line";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private String clientJava(ExpositionFormat format) {
    Gauge.builder("escaping.probe", () -> 1.0)
        .description(HELP)
        .tags("layer", LAYER, "run", RUN)
        .register(registry);
    return registry.scrape(format.contentType());
  }

  @ParameterizedTest
  @EnumSource(ExpositionFormat.class)
  void layerAndRunLabelsAreEscapedLikeClientJava(ExpositionFormat format) {
    String page = clientJava(format);
    String line =
        page.substring(page.indexOf("escaping_probe{"), page.indexOf("} 1.0\n", page.indexOf("{")));

    String labels = new String(new LayerSeries(RUN, LAYER).labels(), StandardCharsets.UTF_8);

    assertThat(line).isEqualTo("escaping_probe{" + labels);
    assertThat(labels).doesNotContain("\n");
  }

  @ParameterizedTest
  @EnumSource(ExpositionFormat.class)
  void helpIsEscapedLikeClientJavaInEachFormat(ExpositionFormat format) {
    String page = clientJava(format);
    String expected =
        page.lines()
            .filter(l -> l.startsWith("# HELP escaping_probe ") || l.startsWith("# TYPE"))
            .filter(l -> l.contains("escaping_probe"))
            .reduce("", (a, b) -> a + b + "\n");

    String header =
        new String(format.header("escaping_probe", "gauge", HELP), StandardCharsets.UTF_8);

    assertThat(header).isEqualTo(expected);
  }

  @Test
  void leavesPlainTextAsItIs() {
    String plain = "run-1/dense_0:a.b";

    assertThat(ExpositionText.labelValue(plain)).isSameAs(plain);
  }
}
