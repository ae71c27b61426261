package dev.neuronwatch.server.durable;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.push;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write-ahead log is checkpointed off the writer's thread and stays bounded. */
class JournalCheckpointerTest {
  @TempDir Path dataDir;

  /** A push of {@code layers} layers, about 0.4 KB of JSON each. */
  private static PushRequest wide(String run, long step, int layers) {
    List<LayerSample> sample = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      sample.add(layer("dense_" + i, i, ActivationKind.RELU).gradient(0.5).build());
    }
    return push(run, step(step, sample.toArray(LayerSample[]::new)));
  }

  private Path wal() {
    return dataDir.resolve(PushJournal.FILE_NAME + "-wal");
  }

  @Test
  void theLogIsCopiedBackAndCutToItsLimitWhileEveryAcknowledgedPushStays() throws Exception {
    PushRequest first = wide("run-a", 1, 24);
    int body = WireJson.encode(first).length;
    // Enough pushes to write well past the log's limit, spread over runs so retention keeps them.
    int pushes = (int) (3 * JournalCheckpointer.WAL_SIZE_LIMIT_BYTES / body) + 1;
    try (PushJournal journal = PushJournal.open(dataDir)) {
      for (int i = 0; i < pushes; i++) {
        journal.append(wide("run-" + (i % 40), i / 40 + 1, 24), Instant.now());
      }
      JournalCheckpointer.Checkpoint done = journal.checkpoints().checkpoint().orElseThrow();
      assertThat(done.copiedFrames()).as("frames copied back").isEqualTo(done.logFrames());

      // The next commit restarts the log from its start and cuts the file to the limit.
      journal.append(wide("run-z", 1, 1), Instant.now());
      assertThat(Files.size(wal()))
          .isLessThanOrEqualTo(JournalCheckpointer.WAL_SIZE_LIMIT_BYTES + (1 << 20));
    }

    assertThat(Files.exists(wal()) ? Files.size(wal()) : 0L).as("the log after close").isZero();
    try (PushJournal reopened = PushJournal.open(dataDir)) {
      assertThat(reopened.replay((push, at) -> {})).isEqualTo(pushes + 1L);
    }
  }
}
