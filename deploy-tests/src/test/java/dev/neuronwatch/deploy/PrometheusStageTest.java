package dev.neuronwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusStageTest {
  private static final Path COMMITTED = RepoFiles.prometheusConfig();

  @Test
  void stagedConfigAndRulesAreByteForByteTheCommittedFiles(@TempDir Path dir) throws IOException {
    Path staged = PrometheusStage.stage(COMMITTED, dir, "127.0.0.1:19750", "127.0.0.1:19093");

    assertThat(staged).hasSameBinaryContentAs(COMMITTED);
    assertThat(dir.resolve("rules/neuronwatch-rules.yml"))
        .hasSameBinaryContentAs(RepoFiles.rules());
    assertThat(staged.getParent()).isEqualTo(dir.toAbsolutePath().normalize());
  }

  @Test
  void stagedTargetFilesNameOnlyTheGivenAddresses(@TempDir Path dir) {
    Path staged = PrometheusStage.stage(COMMITTED, dir, "127.0.0.1:19750", "[::1]:19093");
    JsonNode config = Documents.yaml(staged);

    JsonNode scrape = Documents.yaml(dir.resolve(PrometheusStage.scrapeTargetsFile(config)));
    JsonNode alerting =
        Documents.yaml(dir.resolve(PrometheusStage.alertmanagerTargetsFile(config)));

    assertThat(scrape.toString()).isEqualTo("[{\"targets\":[\"127.0.0.1:19750\"]}]");
    assertThat(alerting.toString()).isEqualTo("[{\"targets\":[\"[::1]:19093\"]}]");
  }

  @Test
  void promtoolDiscoversTheLoopbackTargetInTheStagedCopy(@TempDir Path dir) {
    Path staged = PrometheusStage.stage(COMMITTED, dir, "127.0.0.1:19750", "127.0.0.1:19093");

    ExternalTool.Run check = ExternalTool.PROMTOOL.run(dir, "check", "config", staged.toString());
    ExternalTool.Run discovery =
        ExternalTool.PROMTOOL.run(
            dir,
            "check",
            "service-discovery",
            // File discovery answers at once; promtool waits out the timeout regardless.
            "--timeout=3s",
            staged.toString(),
            PrometheusStage.SCRAPE_JOB);

    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).doesNotContain("WARNING");
    assertThat(discovery.exitCode()).as(discovery.output()).isZero();
    assertThat(discovery.output())
        .contains("\"instance\": \"127.0.0.1:19750\"")
        .doesNotContain("neuronwatch:9750");
  }

  @Test
  void stagingLeavesTheCommittedTargetsAlone(@TempDir Path dir) throws IOException {
    Path committedTargets =
        COMMITTED.resolveSibling(PrometheusStage.scrapeTargetsFile(Documents.yaml(COMMITTED)));
    String before = Files.readString(committedTargets);

    PrometheusStage.stage(COMMITTED, dir, "127.0.0.1:19750", "127.0.0.1:19093");

    assertThat(committedTargets).hasContent(before);
  }

  @Test
  void refusesToStageOverTheCommittedDirectory() {
    assertThatThrownBy(
            () ->
                PrometheusStage.stage(
                    COMMITTED, COMMITTED.getParent(), "127.0.0.1:1", "127.0.0.1:2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("into:");
  }

  @Test
  void rejectsAddressesThatAreNotHostAndPort(@TempDir Path dir) {
    assertThatThrownBy(
            () -> PrometheusStage.stage(COMMITTED, dir, "http://127.0.0.1:9750", "127.0.0.1:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("neuronwatchAddress:");
    assertThatThrownBy(() -> PrometheusStage.stage(COMMITTED, dir, "127.0.0.1:1", "127.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("alertmanagerAddress:");
  }

  @Test
  void rejectsAConfigWhoseTargetsAreNotInOneFileSdFile(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        "scrape_configs:\n"
            + "  - job_name: neuronwatch\n"
            + "    static_configs:\n"
            + "      - targets: ['neuronwatch:9750']\n");

    assertThatThrownBy(
            () -> PrometheusStage.stage(config, dir.resolve("out"), "127.0.0.1:1", "127.0.0.1:2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected one file_sd file");
  }
}
