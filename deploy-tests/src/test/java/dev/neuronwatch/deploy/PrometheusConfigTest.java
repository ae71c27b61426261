package dev.neuronwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuronwatch.server.rules.prometheus.PrometheusRuleFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrometheusConfigTest {
  private static final JsonNode CONFIG = Documents.yaml(RepoFiles.prometheusConfig());

  @Test
  void promtoolAcceptsTheCommittedConfigWithItsRulesAndTargetFiles() {
    ExternalTool.Run run =
        ExternalTool.PROMTOOL.run(
            RepoFiles.root(), "check", "config", RepoFiles.prometheusConfig().toString());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS: 1 rule files found").doesNotContain("WARNING");
  }

  @Test
  void promtoolAcceptsTheRemoteWriteExampleWhichKeepsTheSameRulesAndTargets() {
    Path example =
        RepoFiles.prometheusConfig().resolveSibling("prometheus-remote-write.example.yml");
    ExternalTool.Run run =
        ExternalTool.PROMTOOL.run(RepoFiles.root(), "check", "config", example.toString());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS: 1 rule files found").doesNotContain("WARNING");
    JsonNode config = Documents.yaml(example);
    assertThat(config.path("rule_files")).isEqualTo(CONFIG.path("rule_files"));
    assertThat(config.path("alerting")).isEqualTo(CONFIG.path("alerting"));
    assertThat(config.path("remote_write").get(0).path("url").asText()).startsWith("http");
  }

  @Test
  void evaluatesRulesAtTheIntervalTheRenderedHoldsAreCountedIn() {
    String interval = PrometheusRuleFile.EVALUATION_INTERVAL.toSeconds() + "s";

    assertThat(CONFIG.path("global").path("evaluation_interval").asText()).isEqualTo(interval);
    assertThat(CONFIG.path("global").path("scrape_interval").asText()).isEqualTo(interval);
    assertThat(Documents.yaml(RepoFiles.rulesTest()).path("evaluation_interval").asText())
        .isEqualTo(interval);
  }

  @Test
  void loadsTheTestedRuleFile() {
    List<Path> ruleFiles =
        PrometheusStage.ruleFiles(CONFIG).stream()
            .map(f -> RepoFiles.prometheusConfig().resolveSibling(f).normalize())
            .toList();

    assertThat(ruleFiles).containsExactly(RepoFiles.rules());
  }

  @Test
  void scrapesTheServerEveryFiveSecondsAtMetrics() {
    JsonNode job = job(PrometheusStage.SCRAPE_JOB);

    assertThat(job.path("scrape_interval").asText()).isEqualTo("5s");
    assertThat(job.path("metrics_path").asText("/metrics")).isEqualTo("/metrics");
  }

  @Test
  void namesNoTargetInlineSoOnlyTheTargetFilesDifferBetweenComposeAndTests() {
    List<String> inline = new ArrayList<>();
    CONFIG.findParents("static_configs").forEach(p -> inline.add(p.toString()));

    assertThat(inline).isEmpty();
  }

  @Test
  void committedTargetFilesNameTheComposeServicesOnTheirContainerPorts() {
    ComposeStack stack = ComposeStack.read(RepoFiles.compose());

    assertThat(targets(PrometheusStage.scrapeTargetsFile(CONFIG)))
        .containsExactly("neuronwatch:9750");
    assertThat(targets(PrometheusStage.alertmanagerTargetsFile(CONFIG)))
        .containsExactly("alertmanager:9093");
    assertThat(stack.serviceNames()).contains("neuronwatch", "alertmanager");
    assertThat(stack.service("neuronwatch").path("ports").toString()).contains(":9750\"");
    assertThat(stack.commandFlag("alertmanager", "--web.listen-address")).hasValue(":9093");
  }

  private static List<String> targets(String targetFile) {
    List<String> targets = new ArrayList<>();
    for (JsonNode group : Documents.yaml(RepoFiles.prometheusConfig().resolveSibling(targetFile))) {
      group.path("targets").forEach(t -> targets.add(t.asText()));
    }
    return targets;
  }

  private static JsonNode job(String name) {
    for (JsonNode job : CONFIG.path("scrape_configs")) {
      if (name.equals(job.path("job_name").asText())) {
        return job;
      }
    }
    throw new AssertionError("no scrape job " + name);
  }
}
