package dev.neuronwatch.server.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A short load run: correctness only (no sample lost, no error), never timings. */
class LoadGeneratorTest {

  @Test
  void everyAcceptedSampleIsCountedByTheServerAndNoPushFails() throws Exception {
    try (LoadMain.LoadRun run = LoadMain.LoadRun.start(3, Duration.ofSeconds(3))) {
      LoadReport report = run.generate();

      assertThat(report.errors()).as(report.format()).isZero();
      assertThat(report.pushes()).as(report.format()).isPositive();
      assertThat(report.samplesSent()).isEqualTo(report.pushes() * SyntheticAgent.BATCH);
      // Every push carries new steps, so the server must accept all of them...
      assertThat(report.samplesAccepted()).isEqualTo(report.samplesSent());
      // ...and count each one exactly once.
      assertThat(run.serverSamples()).isEqualTo((double) report.samplesAccepted());
    }
  }
}
