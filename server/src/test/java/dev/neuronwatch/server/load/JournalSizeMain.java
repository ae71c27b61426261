package dev.neuronwatch.server.load;

import dev.neuronwatch.protocol.WireJson;
import dev.neuronwatch.server.durable.PushJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;

/**
 * The journal's file size per run once retention holds: one run's pushes (the load generator's, 10
 * samples of 8 layers) written past the bound, then the file (and its WAL) measured after close.
 *
 * <pre>{@code
 * java -cp ... dev.neuronwatch.server.load.JournalSizeMain --pushes 3000
 * }</pre>
 */
public final class JournalSizeMain {
  private JournalSizeMain() {}

  public static void main(String[] args) throws Exception {
    int pushes = args.length == 2 && args[0].equals("--pushes") ? Integer.parseInt(args[1]) : 3000;
    Path dir = Files.createTempDirectory("journal-size");
    SyntheticAgent agent = new SyntheticAgent("size-0", 0);
    long bodyBytes = 0;
    try (PushJournal journal = PushJournal.open(dir)) {
      for (int i = 0; i < pushes; i++) {
        byte[] body = WireJson.encode(agent.nextPush());
        bodyBytes += body.length;
        journal.append(
            WireJson.decode(body, dev.neuronwatch.protocol.PushRequest.class), body, Instant.now());
      }
    }
    long fileBytes;
    try (var files = Files.list(dir)) {
      fileBytes = files.mapToLong(p -> p.toFile().length()).sum();
    }
    System.out.printf(
        Locale.ROOT,
        "%d pushes of one run, %.1f KB a push on average: data directory %.1f MB after close%n",
        pushes,
        bodyBytes / 1024.0 / pushes,
        fileBytes / 1024.0 / 1024.0);
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
