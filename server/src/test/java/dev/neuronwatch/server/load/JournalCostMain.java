package dev.neuronwatch.server.load;

import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.server.ServerConfig;
import dev.neuronwatch.server.durable.PushJournal;
import dev.neuronwatch.server.history.TrainingHistory;
import dev.neuronwatch.server.ingest.IngestPipeline;
import dev.neuronwatch.server.metrics.IngestMetrics;
import dev.neuronwatch.server.metrics.TrainingMetrics;
import dev.neuronwatch.server.rules.AlertLog;
import dev.neuronwatch.server.rules.AlertRule;
import dev.neuronwatch.server.rules.RuleEvaluator;
import dev.neuronwatch.server.store.RunStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The cost of durability on ingest: the same pushes (the load generator's, 10 samples of 8 layers
 * each, 8 runs) decoded from their JSON and applied as the push endpoint does, without the HTTP
 * exchange, in memory and with the journal in a fresh data directory, in alternating rounds; prints
 * the median time per push of each and their ratio.
 *
 * <pre>{@code
 * java -cp ... dev.neuronwatch.server.load.JournalCostMain --pushes 2000 --rounds 5
 * }</pre>
 */
public final class JournalCostMain {
  private JournalCostMain() {}

  public static void main(String[] args) throws Exception {
    int pushes = 2000;
    int rounds = 5;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--pushes" -> pushes = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    double[] memory = new double[rounds];
    double[] durable = new double[rounds];
    // One warm-up round of each, not counted.
    time(pushes, false);
    time(pushes, true);
    for (int r = 0; r < rounds; r++) {
      memory[r] = time(pushes, false);
      durable[r] = time(pushes, true);
    }
    Arrays.sort(memory);
    Arrays.sort(durable);
    double m = memory[rounds / 2];
    double d = durable[rounds / 2];
    System.out.printf(
        Locale.ROOT,
        "%d pushes of 10 samples x 8 layers, median of %d rounds: in memory %.1f us per push,"
            + " with the journal %.1f us per push: %.2fx%n",
        pushes,
        rounds,
        m,
        d,
        d / m);
  }

  /** Microseconds per push of one round. */
  private static double time(int pushes, boolean journaled) throws Exception {
    List<SyntheticAgent> agents = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      agents.add(new SyntheticAgent("cost-" + i, i));
    }
    List<byte[]> all = new ArrayList<>(pushes);
    for (int i = 0; i < pushes; i++) {
      all.add(dev.neuronwatch.protocol.WireJson.encode(agents.get(i % agents.size()).nextPush()));
    }
    ServerConfig config = ServerConfig.builder().build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RunStore store = new RunStore(1000, 512);
    IngestPipeline pipeline =
        new IngestPipeline(
            store,
            new RuleEvaluator(AlertRule.all(config.rules()), config.resolvedAlertsKept()),
            new AlertLog(),
            new TrainingMetrics(registry, store),
            new IngestMetrics(registry),
            Clock.systemUTC(),
            new TrainingHistory());
    Path dir = Files.createTempDirectory("journal-cost");
    PushJournal journal = journaled ? PushJournal.open(dir) : null;
    if (journal != null) {
      pipeline.journalTo(journal);
    }
    try {
      long start = System.nanoTime();
      for (byte[] body : all) {
        pipeline.ingest(dev.neuronwatch.protocol.WireJson.decode(body, PushRequest.class), body);
      }
      return (System.nanoTime() - start) / 1e3 / pushes;
    } finally {
      if (journal != null) {
        journal.close();
      }
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
