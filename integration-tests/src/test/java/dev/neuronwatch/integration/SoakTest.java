package dev.neuronwatch.integration;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short soak of every build: 30 s of four agents against a server in its own process, under a
 * slow-client attack and a cardinality flood, restarted once with SIGTERM and once with SIGKILL
 * (and killed once more at the end, so that what it holds is read back from its journal). It
 * asserts correctness only ({@link SoakChecks}); {@link SoakMain} runs it for longer and prints the
 * figures.
 */
class SoakTest {
  /** Kept when the test fails: the server's log is there. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path workDir;

  @Test
  void acknowledgedSamplesSurviveRestartsAndTheAttackAndEveryCountAddsUp() throws Exception {
    SoakReport report = Soak.run(new Soak.Settings(Duration.ofSeconds(30), 4, 5, workDir));
    System.out.print(report.text());
    SoakChecks.assertHolds(report);
  }
}
