package dev.neuronwatch.server.load;

import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.server.ServerConfig;
import dev.neuronwatch.server.history.TrainingHistory;
import dev.neuronwatch.server.ingest.IngestPipeline;
import dev.neuronwatch.server.metrics.ExpositionFormat;
import dev.neuronwatch.server.metrics.IngestMetrics;
import dev.neuronwatch.server.metrics.MetricsExposition;
import dev.neuronwatch.server.metrics.TrainingMetrics;
import dev.neuronwatch.server.rules.AlertLog;
import dev.neuronwatch.server.rules.AlertRule;
import dev.neuronwatch.server.rules.RuleEvaluator;
import dev.neuronwatch.server.store.RunStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures what one stored layer costs the server's heap, with its run's history full (300 samples
 * per run, past the 256 points a history keeps), through the real ingest path without HTTP: the
 * store, the rules' state, the exported series (per-run meters, per-layer values) and the history.
 * Then times Prometheus text scrapes of the page {@code /metrics} writes. Prints bytes per layer,
 * exported series per layer, scrape bytes and milliseconds.
 *
 * <pre>{@code
 * java -Xmx2g -cp ... dev.neuronwatch.server.load.MemoryPerLayerMain --runs 40 --layers 64
 * }</pre>
 */
public final class MemoryPerLayerMain {
  private MemoryPerLayerMain() {}

  public static void main(String[] args) throws IOException {
    int runs = 40;
    int layers = 64;
    int samples = 300;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        case "--layers" -> layers = Integer.parseInt(args[i + 1]);
        case "--samples" -> samples = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Measurement m = measure(runs, layers, samples);
    System.out.println(m.format());
  }

  /** What {@link #measure} found. */
  record Measurement(
      int runs,
      int layers,
      int samples,
      long heapBytes,
      long series,
      long scrapeBytes,
      double scrapeMillis) {
    double bytesPerLayer() {
      return (double) heapBytes / ((long) runs * layers);
    }

    double seriesPerLayer() {
      return (double) series / ((long) runs * layers);
    }

    String format() {
      return String.format(
          Locale.ROOT,
          "%d runs x %d layers, %d samples each: %.0f bytes of heap per stored layer"
              + " (%.1f MiB in all), %.1f series per layer (%d in all); text scrape %.1f MB"
              + " in %.0f ms (median of 5)",
          runs,
          layers,
          samples,
          bytesPerLayer(),
          heapBytes / 1048576.0,
          seriesPerLayer(),
          series,
          scrapeBytes / 1e6,
          scrapeMillis);
    }
  }

  static Measurement measure(int runs, int layers, int samples) throws IOException {
    ServerConfig config = ServerConfig.builder().build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RunStore store = new RunStore(Integer.MAX_VALUE, Integer.MAX_VALUE);
    TrainingMetrics training = new TrainingMetrics(registry, store);
    MetricsExposition exposition = new MetricsExposition(registry, training);
    IngestPipeline pipeline =
        new IngestPipeline(
            store,
            new RuleEvaluator(AlertRule.all(config.rules()), config.resolvedAlertsKept()),
            new AlertLog(),
            training,
            new IngestMetrics(registry),
            Clock.systemUTC(),
            new TrainingHistory());
    long before = usedAfterGc();
    long baseSeries = registry.getMeters().size();
    SyntheticRun shape = new SyntheticRun(layers);
    for (int r = 0; r < runs; r++) {
      String run = "mem-" + r;
      for (int from = 0; from < samples; from += 50) {
        List<StepSample> batch = new ArrayList<>();
        for (int s = from; s < Math.min(samples, from + 50); s++) {
          batch.add(shape.sample(s));
        }
        pipeline.ingest(new PushRequest(run, batch, null, false));
      }
    }
    long heap = usedAfterGc() - before;
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    double[] millis = new double[5];
    for (int i = 0; i < millis.length; i++) {
      text.reset();
      long start = System.nanoTime();
      exposition.write(text, ExpositionFormat.PROMETHEUS_TEXT);
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    java.util.Arrays.sort(millis);
    long series = text.toString().lines().filter(l -> !l.startsWith("#")).count();
    if (store.size() != runs) {
      throw new IllegalStateException("stored " + store.size() + " runs of " + runs);
    }
    return new Measurement(
        runs, layers, samples, heap, series - baseSeries, text.size(), millis[millis.length / 2]);
  }

  static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** The samples of a run of {@code layers} ReLU layers with gradients and weights. */
  private static final class SyntheticRun {
    private final int layers;
    private final java.util.Random random = new java.util.Random(7);

    SyntheticRun(int layers) {
      this.layers = layers;
    }

    StepSample sample(long step) {
      List<dev.neuronwatch.protocol.LayerSample> all = new ArrayList<>(layers);
      for (int depth = 0; depth < layers; depth++) {
        all.add(
            dev.neuronwatch.server.testing.Samples.layer(
                    "layer_" + depth, depth, dev.neuronwatch.protocol.ActivationKind.RELU)
                .dead(0.05 + 0.05 * random.nextDouble())
                .gradient(0.5 + 0.1 * random.nextDouble())
                .weights(10 + random.nextDouble(), 1e-3 * (1 + random.nextDouble()))
                .build());
      }
      return new StepSample(step, 1_800_000_000_000L + step * 50, 1.0 / (1 + step), false, all);
    }
  }
}
