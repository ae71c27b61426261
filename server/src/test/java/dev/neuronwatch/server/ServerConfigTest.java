package dev.neuronwatch.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuronwatch.server.rules.RuleSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
  void defaultLimitsAndLifecycle() {
    ServerConfig config = ServerConfig.defaults();

    assertThat(config.maxRuns()).isEqualTo(1000);
    assertThat(config.maxLayersPerRun()).isEqualTo(512);
    assertThat(config.rateLimit()).isEqualTo(50.0);
    assertThat(config.rateBurst()).isEqualTo(100);
    assertThat(config.runTtl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.sweepInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.writeToken()).isNull();
    assertThat(config.readToken()).isNull();
  }

  @Test
  void limitsAndTokensAreValidatedNamingTheField() {
    assertThatThrownBy(() -> ServerConfig.builder().maxRuns(0).build())
        .hasMessage("maxRuns must be at least 1, was 0");
    assertThatThrownBy(() -> ServerConfig.builder().maxLayersPerRun(0).build())
        .hasMessage("maxLayersPerRun must be at least 1, was 0");
    assertThatThrownBy(() -> ServerConfig.builder().rateLimit(-1).build())
        .hasMessageStartingWith("rateLimit");
    assertThatThrownBy(() -> ServerConfig.builder().rateLimit(Double.NaN).build())
        .hasMessageStartingWith("rateLimit");
    assertThatThrownBy(() -> ServerConfig.builder().rateBurst(0).build())
        .hasMessageStartingWith("rateBurst");
    assertThatThrownBy(() -> ServerConfig.builder().runTtl(Duration.ofSeconds(-1)).build())
        .hasMessage("runTtl must not be negative, was PT-1S");
    assertThatThrownBy(() -> ServerConfig.builder().sweepInterval(Duration.ZERO).build())
        .hasMessageStartingWith("sweepInterval must be positive");
    assertThatThrownBy(() -> ServerConfig.builder().shutdownTimeout(null).build())
        .hasMessage("shutdownTimeout is required");
    assertThatThrownBy(() -> ServerConfig.builder().writeToken("").build())
        .hasMessageStartingWith("writeToken must not be empty");
    assertThatThrownBy(() -> ServerConfig.builder().readToken("two words").build())
        .hasMessageStartingWith("readToken must be visible ASCII");
    assertThat(ServerConfig.builder().rateLimit(0).runTtl(Duration.ZERO).build().runTtl()).isZero();
  }

  @Test
  void tokensComeFromTheEnvironmentWhenSetThere() {
    ServerConfig config =
        ServerConfig.builder()
            .readToken("from-builder")
            .tokensFromEnvironment(
                Map.of("NEURONWATCH_WRITE_TOKEN", "w-env", "NEURONWATCH_READ_TOKEN", ""))
            .build();

    assertThat(config.writeToken()).isEqualTo("w-env");
    assertThat(config.readToken()).isEqualTo("from-builder");
  }

  @Test
  void toStringNeverShowsTheTokens() {
    String text =
        ServerConfig.builder().writeToken("secret-w").readToken("secret-r").build().toString();

    assertThat(text).doesNotContain("secret").contains("writeToken=set", "readToken=set");
    assertThat(ServerConfig.defaults().toString()).contains("writeToken=none", "runTtl=10m");
  }

  @Test
  void readsLimitsAndDurationsFromYamlButNotTokens() throws IOException {
    ServerConfig config =
        ServerConfig.fromYaml(
            yaml(
                """
                maxRuns: 20
                maxLayersPerRun: 64
                rateLimit: 2.5
                rateBurst: 5
                runTtl: 1h
                sweepInterval: 500ms
                shutdownTimeout: PT2S
                """));

    assertThat(config)
        .isEqualTo(
            ServerConfig.builder()
                .maxRuns(20)
                .maxLayersPerRun(64)
                .rateLimit(2.5)
                .rateBurst(5)
                .runTtl(Duration.ofHours(1))
                .sweepInterval(Duration.ofMillis(500))
                .shutdownTimeout(Duration.ofSeconds(2))
                .build());
    assertThat(ServerConfig.fromYaml(yaml("runTtl: 0\n")).runTtl()).isZero();

    Path token = yaml("writeToken: abc\n");
    assertThatThrownBy(() -> ServerConfig.fromYaml(token))
        .hasMessageContaining("unknown key 'writeToken'");
    Path unitless = yaml("runTtl: 600\n");
    assertThatThrownBy(() -> ServerConfig.fromYaml(unitless))
        .hasMessageEndingWith("runTtl must be a duration such as 500ms, 30s, 10m, 2h or PT10M");
    Path badText = yaml("sweepInterval: soon\n");
    assertThatThrownBy(() -> ServerConfig.fromYaml(badText))
        .hasMessageContaining("sweepInterval must be a duration")
        .hasMessageContaining("'soon'");
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
    ServerConfig config =
        ServerConfig.builder()
            .port(0)
            .maxBodyBytes(2048)
            .maxRuns(3)
            .maxLayersPerRun(4)
            .rateLimit(1.5)
            .rateBurst(2)
            .runTtl(Duration.ofMinutes(1))
            .sweepInterval(Duration.ofSeconds(1))
            .shutdownTimeout(Duration.ZERO)
            .writeToken("w")
            .readToken("r")
            .build();

    assertThat(config.toBuilder().build()).isEqualTo(config).hasSameHashCodeAs(config);
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
  void everyRuleSettingIsReadFromYamlByItsKey() throws IOException {
    StringBuilder text = new StringBuilder("rules:\n");
    RuleSettings.defaults()
        .asMap()
        .forEach((key, value) -> text.append("  " + key + ": " + value + "\n"));

    assertThat(ServerConfig.fromYaml(yaml(text.toString())).rules())
        .isEqualTo(RuleSettings.defaults());
  }

  @Test
  void aBadValueIsATypedErrorNamingTheSetting() {
    assertThatThrownBy(() -> ServerConfig.builder().port(-1).build())
        .isInstanceOfSatisfying(
            dev.neuronwatch.settings.InvalidSettingException.class,
            e -> assertThat(e.setting()).isEqualTo("port"));
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
