package dev.neuronwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KnownMetricsTest {

  @Test
  void serverMetricsFollowPrometheusNaming() {
    assertThat(KnownMetrics.SERVER)
        .allSatisfy(
            name -> {
              // The training families, and the server's own health (Micrometer's JVM, process and
              // HTTP binders, named by Micrometer).
              assertThat(name)
                  .matches("(neuronwatch|jvm|process|system|http_server)_[a-z0-9_]+")
                  .doesNotContain("__");
              // Micrometer appends _total to counters; _total anywhere else is a gauge misnamed
              // (but for the JVM's buffer "total capacity").
              assertThat(name.replace("_total_capacity", "").indexOf("_total"))
                  .isIn(-1, name.replace("_total_capacity", "").length() - "_total".length());
            });
  }

  @Test
  void allIsServerAndPrometheusNames() {
    assertThat(KnownMetrics.all())
        .containsAll(KnownMetrics.SERVER)
        .containsAll(KnownMetrics.PROMETHEUS)
        .hasSize(KnownMetrics.SERVER.size() + KnownMetrics.PROMETHEUS.size());
  }
}
