package dev.neuronwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComposeFileTest {
  private static final ComposeStack STACK = ComposeStack.read(RepoFiles.compose());

  @Test
  void runsTheServerWithPrometheusAlertmanagerAndGrafana() {
    assertThat(STACK.serviceNames())
        .containsExactlyInAnyOrder("neuronwatch", "prometheus", "alertmanager", "grafana");
  }

  @Test
  void everyImageHasAPinnedTag() {
    for (String name : STACK.serviceNames()) {
      String image = STACK.service(name).path("image").asText();
      String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "";

      assertThat(tag)
          .as(name + " image '" + image + "'")
          .matches(".*[0-9].*")
          .isNotEqualTo("latest");
    }
  }

  @Test
  void serverIsBuiltFromTheDockerfileAndTaggedWithTheProjectVersion() {
    JsonNode server = STACK.service("neuronwatch");
    Path context =
        RepoFiles.root().resolve(server.path("build").path("context").asText()).normalize();

    assertThat(context).isEqualTo(RepoFiles.root());
    assertThat(context.resolve(server.path("build").path("dockerfile").asText()))
        .isEqualTo(RepoFiles.dockerfile());
    assertThat(server.path("image").asText())
        .isEqualTo("neuronwatch:" + ProjectPom.read(RepoFiles.rootPom()).version());
  }

  @Test
  void everyServiceHasAHealthCheck() {
    for (String name : STACK.serviceNames()) {
      JsonNode healthcheck = STACK.service(name).path("healthcheck");

      assertThat(healthcheck.path("disable").asBoolean(false)).as(name).isFalse();
      assertThat(healthcheck.path("test").path(0).asText()).as(name).isIn("CMD", "CMD-SHELL");
      assertThat(healthcheck.path("test").toString()).as(name).contains("http://127.0.0.1:");
      assertThat(healthcheck.path("interval").asText()).as(name).isNotEmpty();
    }
  }

  @Test
  void everyBindMountIsARepositoryFileMountedReadOnly() {
    for (String name : STACK.serviceNames()) {
      for (ComposeStack.Mount mount : STACK.mounts(name)) {
        if (mount.bind()) {
          Path host = STACK.hostPath(mount);
          assertThat(host).as(name + " mount " + mount).exists().startsWith(RepoFiles.root());
          assertThat(mount.readOnly()).as(name + " mount " + mount).isTrue();
        }
      }
    }
  }

  @Test
  void namedVolumesAreDeclaredAndEveryDeclaredVolumeIsUsed() {
    Set<String> used = new HashSet<>();
    for (String name : STACK.serviceNames()) {
      STACK.mounts(name).stream().filter(m -> !m.bind()).forEach(m -> used.add(m.source()));
    }

    assertThat(used).isNotEmpty().containsExactlyInAnyOrderElementsOf(STACK.declaredVolumes());
  }

  @Test
  void portsArePublishedOnTheHostsLoopbackOnly() {
    for (String name : STACK.serviceNames()) {
      assertThat(STACK.service(name).path("ports"))
          .as(name)
          .isNotEmpty()
          .allSatisfy(p -> assertThat(p.asText()).startsWith("127.0.0.1:"));
    }
  }

  @Test
  void prometheusLoadsTheTestedConfigRulesAndTargetFiles() {
    String config = STACK.commandFlag("prometheus", "--config.file").orElseThrow();
    Path configDir = Path.of(config).getParent();
    JsonNode committed = Documents.yaml(RepoFiles.prometheusConfig());

    assertThat(STACK.hostPath("prometheus", config)).hasValue(RepoFiles.prometheusConfig());
    for (String rules : PrometheusStage.ruleFiles(committed)) {
      assertThat(STACK.hostPath("prometheus", configDir.resolve(rules).toString()))
          .hasValue(RepoFiles.rules());
    }
    for (String targets :
        new String[] {
          PrometheusStage.scrapeTargetsFile(committed),
          PrometheusStage.alertmanagerTargetsFile(committed)
        }) {
      assertThat(STACK.hostPath("prometheus", configDir.resolve(targets).toString()))
          .hasValue(RepoFiles.prometheusConfig().resolveSibling(targets));
    }
  }

  @Test
  void alertmanagerLoadsTheTestedConfig() {
    String config = STACK.commandFlag("alertmanager", "--config.file").orElseThrow();

    assertThat(STACK.hostPath("alertmanager", config)).hasValue(RepoFiles.alertmanagerConfig());
  }
}
