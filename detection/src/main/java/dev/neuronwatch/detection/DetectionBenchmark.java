package dev.neuronwatch.detection;

import dev.neuronwatch.server.NeuronwatchServer;
import dev.neuronwatch.server.ServerConfig;
import dev.neuronwatch.trainer.TrainingConfig;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Runs a tier of the benchmark: starts an in-process server on a free loopback port (default rules;
 * no push rate limit, no run eviction, and room for every resolved alert, so that nothing but the
 * rules shapes the alerts), records each pathology's reference pass, trains every labelled run
 * against the server on at most {@code threads} threads, and analyses them.
 *
 * <pre>{@code
 * BenchmarkResult result = DetectionBenchmark.run(Tier.QUICK, 2, System.err);
 * }</pre>
 */
public final class DetectionBenchmark {
  /** The most training threads; the machine the benchmark targets has two cores. */
  public static final int MAX_THREADS = 2;

  private DetectionBenchmark() {}

  /**
   * @param threads training threads, 1 to {@value #MAX_THREADS}
   * @param progress where one line per finished run goes
   */
  public static BenchmarkResult run(Tier tier, int threads, PrintStream progress) {
    return run(tier, Pattern.compile(".*"), threads, progress);
  }

  /**
   * Runs only the runs of {@code tier} whose id ({@code group/sSEED/eEVERY}) matches {@code filter}
   * (anywhere in the id).
   */
  public static BenchmarkResult run(Tier tier, Pattern filter, int threads, PrintStream progress) {
    return run(tier, filter, threads, Duration.ZERO, progress);
  }

  /**
   * Like {@link #run(Tier, Pattern, int, PrintStream)}, with every monitored training step taking
   * at least {@code stepTime} of wall time (see {@link StepPacer}); the reference passes run at
   * full speed.
   */
  public static BenchmarkResult run(
      Tier tier, Pattern filter, int threads, Duration stepTime, PrintStream progress) {
    if (threads < 1 || threads > MAX_THREADS) {
      throw new IllegalArgumentException(
          "threads must be in [1, " + MAX_THREADS + "], was " + threads);
    }
    Instant started = Instant.now();
    RunCatalog catalog = RunCatalog.of(tier).filter(filter);
    ServerConfig serverConfig =
        ServerConfig.builder()
            .port(0)
            .rateLimit(0)
            .runTtl(Duration.ZERO)
            .maxRuns(100_000)
            .resolvedAlertsKept(1_000_000)
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (NeuronwatchServer server = NeuronwatchServer.create(serverConfig).start()) {
      URI uri = URI.create("http://127.0.0.1:" + server.port());
      warmUp(uri);
      Map<String, Future<Trajectory>> references = new ConcurrentHashMap<>();
      for (RunSpec spec : catalog.pathologies()) {
        references.computeIfAbsent(
            referenceKey(spec), k -> pool.submit(() -> ReferencePass.record(spec.config())));
      }
      int total = catalog.pathologies().size() + catalog.healthy().size();
      AtomicInteger done = new AtomicInteger();
      List<Future<RunAnalysis>> runs = new ArrayList<>();
      for (RunSpec spec : catalog.pathologies()) {
        runs.add(
            pool.submit(
                () -> {
                  Trajectory truth = references.get(referenceKey(spec)).get();
                  return report(
                      progress,
                      done,
                      total,
                      RunAnalysis.of(MonitoredRun.run(spec, uri, stepTime), truth));
                }));
      }
      for (RunSpec spec : catalog.healthy()) {
        runs.add(
            pool.submit(
                () ->
                    report(
                        progress,
                        done,
                        total,
                        RunAnalysis.of(MonitoredRun.run(spec, uri, stepTime), null))));
      }
      return collect(tier, catalog, runs, started);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * One short run, not scored, so that the first scored runs do not pay for loading and compiling
   * the server's and the agent's HTTP paths: a monitoring server is normally long running.
   */
  private static void warmUp(URI uri) {
    TrainingConfig config = TrainingConfig.builder().steps(300).build();
    MonitoredRun.run(new RunSpec("warm-up", config, 10, Expectation.healthy()), uri);
  }

  private static String referenceKey(RunSpec spec) {
    return spec.group() + "/" + spec.config().seed();
  }

  private static RunAnalysis report(
      PrintStream progress, AtomicInteger done, int total, RunAnalysis run) {
    progress.printf(
        Locale.ROOT,
        "[%d/%d] %s: %d steps, accuracy %s, fired %s%n",
        done.incrementAndGet(),
        total,
        run.spec().id(),
        run.record().result().steps(),
        run.accuracy() == null ? "-" : String.format(Locale.ROOT, "%.3f", run.accuracy()),
        run.fires().keySet());
    return run;
  }

  private static BenchmarkResult collect(
      Tier tier, RunCatalog catalog, List<Future<RunAnalysis>> runs, Instant started) {
    List<RunAnalysis> pathologies = new ArrayList<>();
    List<RunAnalysis> healthy = new ArrayList<>();
    List<Exclusion> excluded = new ArrayList<>();
    List<String> notes = new ArrayList<>(catalog.notes());
    for (Future<RunAnalysis> future : runs) {
      RunAnalysis run = await(future);
      RunSpec spec = run.spec();
      if (run.record().pushesFailed() > 0) {
        notes.add(
            spec.id() + ": " + run.record().pushesFailed() + " pushes failed and were retried");
      }
      if (run.record().samplesDropped() > 0) {
        notes.add(spec.id() + ": the agent dropped " + run.record().samplesDropped() + " samples");
      }
      if (spec.expected().isHealthy()) {
        if (run.learned()) {
          healthy.add(run);
        } else {
          excluded.add(new Exclusion(spec, "did not learn: " + MarkdownReport.outcome(run)));
        }
      } else if (run.onset().isEmpty()) {
        excluded.add(
            new Exclusion(
                spec,
                "the pathology did not show: no step met \""
                    + spec.expected().onset().definition()
                    + "\""));
      } else if (spec.expected().orBeforeNonFinite() != null && run.firstNonFinite().isEmpty()) {
        excluded.add(
            new Exclusion(spec, "labelled as a divergence, but its loss never became non-finite"));
      } else {
        if (Boolean.FALSE.equals(run.retraced())) {
          notes.add(spec.id() + ": did not retrace its reference pass (weights checksum differs)");
        }
        pathologies.add(run);
      }
    }
    return new BenchmarkResult(
        tier,
        pathologies,
        healthy,
        excluded,
        notes,
        started,
        Duration.between(started, Instant.now()));
  }

  private static RunAnalysis await(Future<RunAnalysis> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a benchmark run failed: " + e.getCause(), e.getCause());
    }
  }
}
