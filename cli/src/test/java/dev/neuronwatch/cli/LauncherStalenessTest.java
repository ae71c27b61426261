package dev.neuronwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./neuronwatch} launcher rebuilds the jar only when a source is newer than it, never
 * because of build output under {@code target/} (generated sources, copied resources), which {@code
 * ./mvnw verify} leaves newer than the jar. Runs the real script in a scratch copy of the layout
 * with a {@code mvnw} that only records that it was called.
 */
class LauncherStalenessTest {
  private static final Path SCRIPT = Path.of("..", "neuronwatch").toAbsolutePath().normalize();
  private static final Instant JAR_TIME = Instant.parse("2026-01-01T12:00:00Z");

  @Test
  void generatedFilesUnderTargetDoNotTriggerARebuild(@TempDir Path root) throws Exception {
    layout(root);
    write(
        root, "benchmarks/target/generated-sources/annotations/Gen.java", JAR_TIME.plusSeconds(60));
    write(root, "server/target/classes/neuronwatch-page/page.js", JAR_TIME.plusSeconds(60));
    write(root, "cli/target/maven-status/pom.xml", JAR_TIME.plusSeconds(60));

    launch(root);

    assertThat(root.resolve("rebuilt")).doesNotExist();
  }

  @Test
  void aSourceNewerThanTheJarTriggersARebuild(@TempDir Path root) throws Exception {
    layout(root);
    write(root, "server/src/main/resources/neuronwatch-page/page.js", JAR_TIME.plusSeconds(60));

    launch(root);

    assertThat(root.resolve("rebuilt")).exists();
  }

  private static void layout(Path root) throws IOException {
    Files.copy(SCRIPT, root.resolve("neuronwatch"));
    Path mvnw = root.resolve("mvnw");
    Files.writeString(mvnw, "#!/bin/sh\ntouch \"$(dirname \"$0\")/rebuilt\"\n");
    for (Path script : new Path[] {root.resolve("neuronwatch"), mvnw}) {
      Files.setPosixFilePermissions(
          script,
          Set.of(
              java.nio.file.attribute.PosixFilePermission.OWNER_READ,
              java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
              java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE));
    }
    write(root, "cli/src/main/java/A.java", JAR_TIME.minusSeconds(60));
    write(root, "pom.xml", JAR_TIME.minusSeconds(60));
    write(root, "cli/target/neuronwatch.jar", JAR_TIME);
  }

  private static void write(Path root, String file, Instant modified) throws IOException {
    Path path = root.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, "x");
    Files.setLastModifiedTime(path, FileTime.from(modified));
  }

  /** Runs the launcher; the placeholder jar makes java fail afterwards, which does not matter. */
  private static void launch(Path root) throws Exception {
    Process process =
        new ProcessBuilder("sh", root.resolve("neuronwatch").toString(), "--version")
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(root.resolve("launch.log").toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
  }
}
