package dev.neuronwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GrafanaDashboardTest {
  private static final Map<String, String> VALUES = Map.of("run", "it-run", "layer", "dense.1");

  @Test
  void regexMatchersGetTheValueEscapedToMatchOnlyItself() {
    assertThat(GrafanaDashboard.asPromql("x{run=~\"$run\", layer=~\"${layer}\"}", VALUES, "1m"))
        .isEqualTo("x{run=~\"it-run\", layer=~\"dense\\\\.1\"}");
  }

  @Test
  void equalityMatchersGetTheValueLiterally() {
    assertThat(GrafanaDashboard.asPromql("x{layer=\"$layer\", run!=\"${run}\"}", VALUES, "1m"))
        .isEqualTo("x{layer=\"dense.1\", run!=\"it-run\"}");
  }

  @Test
  void intervalMacrosBecomeTheGivenDuration() {
    assertThat(
            GrafanaDashboard.asPromql(
                "rate(x{run=~\"$run\"}[$__rate_interval]) + y[$__interval] + z[$__range]",
                VALUES,
                "1m"))
        .isEqualTo("rate(x{run=~\"it-run\"}[1m]) + y[1m] + z[1m]");
  }

  @Test
  void quotesAndBackslashesInValuesAreEscapedForTheString() {
    assertThat(GrafanaDashboard.asPromql("x{a=\"$v\"}", Map.of("v", "q\"b\\"), "1m"))
        .isEqualTo("x{a=\"q\\\"b\\\\\"}");
  }

  @Test
  void unknownVariableIsAnError() {
    assertThatThrownBy(() -> GrafanaDashboard.asPromql("x{a=~\"$other\"}", VALUES, "1m"))
        .hasMessageContaining("$other");
  }
}
