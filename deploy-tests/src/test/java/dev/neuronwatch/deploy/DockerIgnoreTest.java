package dev.neuronwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DockerIgnoreTest {
  private static final DockerIgnore COMMITTED = DockerIgnore.read(RepoFiles.dockerignore());

  @Test
  void keepsEveryMavenBuildInputInTheContext() {
    ProjectPom pom = ProjectPom.read(RepoFiles.rootPom());

    assertThat(COMMITTED.excludes("mvnw")).isFalse();
    assertThat(COMMITTED.excludes(".mvn/wrapper/maven-wrapper.properties")).isFalse();
    assertThat(COMMITTED.excludes("pom.xml")).isFalse();
    assertThat(pom.modules()).isNotEmpty();
    for (String module : pom.modules()) {
      assertThat(COMMITTED.excludes(module + "/pom.xml")).as(module).isFalse();
      assertThat(COMMITTED.excludes(module + "/src/main/java/dev/neuronwatch/X.java"))
          .as(module)
          .isFalse();
      assertThat(COMMITTED.excludes(module + "/src/main/resources/x.properties"))
          .as(module)
          .isFalse();
    }
  }

  @Test
  void leavesBuildOutputAndHistoryOut() {
    assertThat(COMMITTED.excludes("cli/target/neuronwatch.jar")).isTrue();
    assertThat(COMMITTED.excludes("target/classes/x.class")).isTrue();
    assertThat(COMMITTED.excludes(".git/HEAD")).isTrue();
  }

  @Test
  void lastMatchingPatternWinsAndBangReincludes() {
    DockerIgnore ignore = DockerIgnore.parse(List.of("# comment", "docs/", "!docs/keep.md"));

    assertThat(ignore.excludes("docs/other.md")).isTrue();
    assertThat(ignore.excludes("docs/keep.md")).isFalse();
    assertThat(ignore.excludes("src/docs.md")).isFalse();
  }

  @Test
  void leadingDoubleStarAlsoMatchesAtTheTop() {
    DockerIgnore ignore = DockerIgnore.parse(List.of("**/target/"));

    assertThat(ignore.excludes("target/a")).isTrue();
    assertThat(ignore.excludes("a/b/target/c")).isTrue();
    assertThat(ignore.excludes("a/targets/c")).isFalse();
  }
}
