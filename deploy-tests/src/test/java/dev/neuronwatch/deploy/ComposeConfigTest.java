package dev.neuronwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The compose file is read by Debian's docker-compose 1.29 as well as by Compose v2: v1 refuses
 * keys v2 added, such as a top-level {@code name:}.
 */
class ComposeConfigTest {

  @Test
  void debianDockerComposeAcceptsTheFile() {
    assumeTrue(
        ExternalTool.DOCKER_COMPOSE.installed(),
        "docker-compose is not on the PATH: install the Debian package 'docker-compose' "
            + "(.ci/run does) to check the compose file with it");

    ExternalTool.Run run =
        ExternalTool.DOCKER_COMPOSE.run(
            RepoFiles.root(), "-f", RepoFiles.compose().toString(), "config", "-q");

    assertThat(run.exitCode()).as(run.output()).isZero();
  }

  @Test
  void hasNoTopLevelKeyThatComposeV1Refuses() throws IOException {
    assertThat(Files.readAllLines(RepoFiles.compose()))
        .noneMatch(line -> line.matches("^(name|include):.*"));
  }
}
