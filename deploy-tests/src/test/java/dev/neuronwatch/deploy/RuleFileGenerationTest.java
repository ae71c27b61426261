package dev.neuronwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.server.rules.RuleSettings;
import dev.neuronwatch.server.rules.prometheus.PrometheusRuleFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed Prometheus rule file is the server's rendering of its default thresholds, so the
 * server and Prometheus cannot drift apart. With {@code -Dneuronwatch.regenerate=true} the test
 * first rewrites the committed file from the renderer (see deploy/README.md).
 */
class RuleFileGenerationTest {
  static final String REGENERATE_PROPERTY = "neuronwatch.regenerate";

  @Test
  void committedRuleFileIsTheRenderingOfTheDefaultSettings() throws IOException {
    String rendered = PrometheusRuleFile.render(RuleSettings.defaults());
    if (Boolean.getBoolean(REGENERATE_PROPERTY)) {
      Files.writeString(RepoFiles.rules(), rendered, StandardCharsets.UTF_8);
    }

    assertThat(Files.readString(RepoFiles.rules(), StandardCharsets.UTF_8))
        .as(
            RepoFiles.root().relativize(RepoFiles.rules())
                + " differs from the rendering of RuleSettings.defaults(). Regenerate it with `"
                + PrometheusRuleFile.REGENERATE_COMMAND
                + "` or `./mvnw -pl deploy-tests -am test -D"
                + REGENERATE_PROPERTY
                + "=true -Dtest=RuleFileGenerationTest -Dsurefire.failIfNoSpecifiedTests=false`")
        .isEqualTo(rendered);
  }

  @Test
  void changedThresholdsChangeTheRenderedExpressions() {
    String defaults = PrometheusRuleFile.render(RuleSettings.defaults());
    String custom =
        PrometheusRuleFile.render(
            RuleSettings.builder().deadUnitRatio(0.85).explodingGrowthRatio(40).build());

    assertThat(defaults).contains("relu\"} > 0.5\n").contains("growth_ratio > 100\n");
    assertThat(custom)
        .contains("relu\"} > 0.85\n")
        .contains("growth_ratio > 40\n")
        .doesNotContain("relu\"} > 0.5\n")
        .doesNotContain("growth_ratio > 100\n");
  }

  @Test
  void promtoolAcceptsRenderingsWithOtherSettings(@TempDir Path dir) throws IOException {
    RuleSettings settings =
        RuleSettings.builder()
            .hold(6)
            .nonFiniteHold(2)
            .deadUnitRatio(0.35)
            .deadUnitClearRatio(0.3)
            .vanishingMeanAbs(0)
            .vanishingMeanAbsClear(0)
            .vanishingDecayRatio(0)
            .vanishingDecayClearRatio(0)
            .explodingDepthRatio(2.5e4)
            .saturationRatio(0.925)
            .includeSoftmax(false)
            .build();
    Files.writeString(dir.resolve("rules.yml"), PrometheusRuleFile.render(settings));

    ExternalTool.Run run = ExternalTool.PROMTOOL.run(dir, "check", "rules", "rules.yml");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS: 8 rules found");
  }

  @Test
  void promtoolUnitTestsFailForARenderingWithAnotherThreshold(@TempDir Path dir)
      throws IOException {
    Path rules = dir.resolve(RepoFiles.rules().getFileName());
    Files.writeString(
        rules, PrometheusRuleFile.render(RuleSettings.builder().deadUnitRatio(0.85).build()));
    Files.copy(RepoFiles.rulesTest(), dir.resolve(RepoFiles.rulesTest().getFileName()));

    ExternalTool.Run run =
        ExternalTool.PROMTOOL.run(
            dir, "test", "rules", RepoFiles.rulesTest().getFileName().toString());

    assertThat(run.exitCode()).as(run.output()).isNotZero();
    assertThat(run.output()).contains("NeuronwatchDyingRelu");
  }

  @Test
  void promtoolUnitTestsFailForARenderingWithAnotherHold(@TempDir Path dir) throws IOException {
    Path rules = dir.resolve(RepoFiles.rules().getFileName());
    Files.writeString(rules, PrometheusRuleFile.render(RuleSettings.builder().hold(4).build()));
    Files.copy(RepoFiles.rulesTest(), dir.resolve(RepoFiles.rulesTest().getFileName()));

    ExternalTool.Run run =
        ExternalTool.PROMTOOL.run(
            dir, "test", "rules", RepoFiles.rulesTest().getFileName().toString());

    assertThat(run.exitCode()).as(run.output()).isNotZero();
  }
}
