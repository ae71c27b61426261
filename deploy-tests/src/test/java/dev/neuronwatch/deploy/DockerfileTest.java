package dev.neuronwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.deploy.DockerfileInstructions.Instruction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerfileTest {
  private static final List<List<Instruction>> STAGES =
      DockerfileInstructions.read(RepoFiles.dockerfile()).stages();

  @Test
  void buildsWithTheJdkAndRunsOnTheJre() {
    assertThat(STAGES).hasSize(2);
    assertThat(STAGES.get(0).get(0).arguments()).isEqualTo("eclipse-temurin:17-jdk AS build");
    assertThat(STAGES.get(1).get(0).arguments()).isEqualTo("eclipse-temurin:17-jre");
  }

  @Test
  void buildStagePackagesTheLauncherWithTheWrapperSkippingTests() {
    List<Instruction> runs = DockerfileInstructions.named(STAGES.get(0), "RUN");

    assertThat(runs)
        .anySatisfy(
            r ->
                assertThat(r.arguments())
                    .contains("./mvnw", "-DskipTests", "package")
                    .containsPattern("-pl cli -am\\b"));
  }

  @Test
  void runtimeStageCopiesOnlyTheShadedJarFromTheBuildStage() {
    List<Instruction> copies = DockerfileInstructions.named(STAGES.get(1), "COPY");

    assertThat(copies).hasSize(1);
    assertThat(copies.get(0).arguments())
        .startsWith("--from=build /src/cli/target/neuronwatch.jar ");
  }

  @Test
  void runtimeRunsAsANonRootUser() {
    List<Instruction> users = DockerfileInstructions.named(STAGES.get(1), "USER");

    assertThat(users).isNotEmpty();
    String user = users.get(users.size() - 1).arguments().split(":")[0];
    assertThat(user).isNotIn("root", "0");
  }

  @Test
  void exposesTheServerPortAndChecksHealth() {
    List<Instruction> runtime = STAGES.get(1);

    assertThat(DockerfileInstructions.named(runtime, "EXPOSE"))
        .extracting(Instruction::arguments)
        .containsExactly("9750");
    assertThat(DockerfileInstructions.named(runtime, "HEALTHCHECK"))
        .singleElement()
        .satisfies(h -> assertThat(h.arguments()).contains("CMD", "http://127.0.0.1:9750/health"));
  }

  @Test
  void startsTheServerOnAllInterfacesFromTheJar() {
    List<Instruction> runtime = STAGES.get(1);
    List<String> command = new ArrayList<>();
    command.addAll(DockerfileInstructions.named(runtime, "ENTRYPOINT").get(0).execForm());
    command.addAll(DockerfileInstructions.named(runtime, "CMD").get(0).execForm());

    assertThat(command.get(0)).isEqualTo("java");
    assertThat(command)
        .containsSubsequence("-jar", "/opt/neuronwatch/neuronwatch.jar")
        .endsWith("server", "--host", "0.0.0.0", "--port", "9750");
  }
}
