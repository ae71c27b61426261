package dev.neuronwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertmanagerStageTest {
  private static final Path COMMITTED = RepoFiles.alertmanagerConfig();
  private static final String LOOPBACK = "http://127.0.0.1:15001/neuronwatch";

  @Test
  void stagedCopyDiffersFromTheCommittedFileInTheWebhookUrlLinesOnly(@TempDir Path dir)
      throws IOException {
    Path staged = AlertmanagerStage.stage(COMMITTED, dir, LOOPBACK);

    List<String> committedLines = Files.readAllLines(COMMITTED);
    List<String> stagedLines = Files.readAllLines(staged);
    assertThat(stagedLines).hasSameSizeAs(committedLines);
    for (int i = 0; i < committedLines.size(); i++) {
      if (!committedLines.get(i).equals(stagedLines.get(i))) {
        assertThat(stagedLines.get(i)).as("line %d", i + 1).endsWith("url: " + LOOPBACK);
      }
    }
    assertThat(AlertmanagerStage.webhookUrls(Documents.yaml(staged)))
        .isNotEmpty()
        .containsOnly(LOOPBACK);
    assertThat(staged.getFileName()).isEqualTo(COMMITTED.getFileName());
  }

  @Test
  void amtoolAcceptsTheStagedCopy(@TempDir Path dir) {
    Path staged = AlertmanagerStage.stage(COMMITTED, dir, LOOPBACK);

    ExternalTool.Run run = ExternalTool.AMTOOL.run(dir, "check-config", staged.toString());

    assertThat(run.exitCode()).as(run.output()).isZero();
  }

  @Test
  void stagingLeavesTheCommittedFileAlone(@TempDir Path dir) throws IOException {
    String before = Files.readString(COMMITTED);

    AlertmanagerStage.stage(COMMITTED, dir, LOOPBACK);

    assertThat(COMMITTED).hasContent(before);
  }

  @Test
  void rejectsAUrlThatIsNotHttpAndTheCommittedDirectory(@TempDir Path dir) {
    assertThatThrownBy(() -> AlertmanagerStage.stage(COMMITTED, dir, "127.0.0.1:15001"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("webhookUrl:");
    assertThatThrownBy(() -> AlertmanagerStage.stage(COMMITTED, COMMITTED.getParent(), LOOPBACK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("into:");
  }

  @Test
  void refusesAConfigWithoutWebhookReceivers(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(config, "route:\n  receiver: none\nreceivers:\n  - name: none\n");

    assertThatThrownBy(() -> AlertmanagerStage.stage(config, dir.resolve("out"), LOOPBACK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("receivers:");
  }
}
