package dev.neuronwatch.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuronwatch.server.rules.RuleSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
  @TempDir Path dir;

  private Path yaml(String text) throws IOException {
    return Files.writeString(dir.resolve("neuronwatch.yaml"), text);
  }

  @Test
  void defaultsListenOnLoopbackPort9750WithAOneMebibyteBodyLimit() {
    ServerConfig config = ServerConfig.defaults();

    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(9750);
    assertThat(config.maxBodyBytes()).isEqualTo(1_048_576);
    assertThat(config.resolvedAlertsKept()).isEqualTo(100);
    assertThat(config.rules()).isEqualTo(RuleSettings.defaults());
  }

  @Test
  void buildRejectsBadValuesNamingTheField() {
    assertThatThrownBy(() -> ServerConfig.builder().port(70000).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be in [0, 65535], was 70000");
    assertThatThrownBy(() -> ServerConfig.builder().maxBodyBytes(0).build())
        .hasMessageStartingWith("maxBodyBytes must be in [1, ");
    assertThatThrownBy(() -> ServerConfig.builder().host(" ").build())
        .hasMessage("host must not be empty");
    assertThatThrownBy(() -> ServerConfig.builder().resolvedAlertsKept(-1).build())
        .hasMessageStartingWith("resolvedAlertsKept");
  }

  @Test
  void toBuilderRoundTrips() {
    ServerConfig config = ServerConfig.builder().port(0).maxBodyBytes(2048).build();

    assertThat(config.toBuilder().build()).isEqualTo(config);
  }

  @Test
  void readsEveryKeyFromYaml() throws IOException {
    ServerConfig config =
        ServerConfig.fromYaml(
            yaml(
                """
                host: 0.0.0.0
                port: 9999
                maxBodyBytes: 2048
                resolvedAlertsKept: 7
                rules:
                  hold: 5
                  nonFiniteHold: 2
                  deadUnitRatio: 0.6
                  vanishingDepthRatio: 1.0e-4
                  vanishingMeanAbs: 1.0e-8
                  vanishingDecayRatio: 1.0e-5
                  explodingGrowthRatio: 50
                  explodingDepthRatio: 500
                  saturationRatio: 0.7
                  includeSoftmax: true
                """));

    assertThat(config)
        .isEqualTo(
            ServerConfig.builder()
                .host("0.0.0.0")
                .port(9999)
                .maxBodyBytes(2048)
                .resolvedAlertsKept(7)
                .rules(
                    RuleSettings.builder()
                        .hold(5)
                        .nonFiniteHold(2)
                        .deadUnitRatio(0.6)
                        .vanishingDepthRatio(1e-4)
                        .vanishingMeanAbs(1e-8)
                        .vanishingDecayRatio(1e-5)
                        .explodingGrowthRatio(50)
                        .explodingDepthRatio(500)
                        .saturationRatio(0.7)
                        .includeSoftmax(true)
                        .build())
                .build());
  }

  @Test
  void theYamlRuleKeysAreExactlyTheSettingsNames() {
    assertThat(ServerConfigYaml.ruleKeys())
        .containsExactlyElementsOf(RuleSettings.defaults().asMap().keySet());
  }

  @Test
  void absentKeysAndAnEmptyFileKeepTheDefaults() throws IOException {
    assertThat(ServerConfig.fromYaml(yaml(""))).isEqualTo(ServerConfig.defaults());
    assertThat(ServerConfig.fromYaml(yaml("rules:\n  hold: 4\n")).rules().deadUnitRatio())
        .isEqualTo(RuleSettings.DEFAULT_DEAD_UNIT_RATIO);
  }

  @Test
  void rejectsUnknownKeysNamingThem() throws IOException {
    Path top = yaml("prot: 9750\n");
    assertThatThrownBy(() -> ServerConfig.fromYaml(top))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown key 'prot'")
        .hasMessageContaining("port");

    Path nested = yaml("rules:\n  deadUnitRation: 0.4\n");
    assertThatThrownBy(() -> ServerConfig.fromYaml(nested))
        .hasMessageContaining("unknown key 'rules.deadUnitRation'")
        .hasMessageContaining("deadUnitRatio");
  }

  @Test
  void rejectsWrongTypesAndValuesNamingTheKey() throws IOException {
    Path type = yaml("port: nine\n");
    assertThatThrownBy(() -> ServerConfig.fromYaml(type))
        .hasMessageEndingWith("port must be an integer");

    Path fraction = yaml("rules:\n  hold: 1.5\n");
    assertThatThrownBy(() -> ServerConfig.fromYaml(fraction))
        .hasMessageEndingWith("rules.hold must be an integer");

    Path range = yaml("rules:\n  hold: 0\n");
    assertThatThrownBy(() -> ServerConfig.fromYaml(range))
        .hasMessageEndingWith("rules.hold must be at least 1, was 0");

    Path flag = yaml("rules:\n  includeSoftmax: yes please\n");
    assertThatThrownBy(() -> ServerConfig.fromYaml(flag))
        .hasMessageEndingWith("rules.includeSoftmax must be true or false");

    Path list = yaml("- port\n");
    assertThatThrownBy(() -> ServerConfig.fromYaml(list)).hasMessageContaining("must be a mapping");
  }

  @Test
  void rejectsMalformedYamlNamingTheFile() throws IOException {
    Path broken = yaml("port: [9750\n");

    assertThatThrownBy(() -> ServerConfig.fromYaml(broken))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(broken + ": not valid YAML");
  }
}
