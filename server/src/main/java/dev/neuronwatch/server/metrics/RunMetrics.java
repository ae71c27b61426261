package dev.neuronwatch.server.metrics;

import dev.neuronwatch.protocol.AgentCounters;
import dev.neuronwatch.protocol.LossWindow;
import dev.neuronwatch.server.rules.LayerSignals;
import dev.neuronwatch.server.rules.SampleSignals;
import dev.neuronwatch.server.store.RunSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The meters of one run (tag run) and the compact state of its layers ({@link LayerSeries}, which
 * {@link LayerFamilies} writes without meters). Calls for one run must be serialised (the store's
 * run lock does that); scrapes read the layers concurrently.
 *
 * <p>The agent's counters are cumulative counts the agent keeps since it started. They are exported
 * as gauges carrying the agent's value as reported, named without {@code _total} because the server
 * does not count them itself; the value only grows while the agent lives, so {@code increase()} and
 * {@code rate()} over them read as for counters, a restarted agent reading as a counter reset. A
 * push without counters keeps the last reported ones.
 */
final class RunMetrics {
  private final MeterRegistry registry;
  private final String run;
  private final Tags tags;
  private final Counter samples;
  private final Counter lossNonFinite;
  private final OptionalGauge step;
  private final OptionalGauge loss;
  private final OptionalGauge finished;
  private final OptionalGauge windowMedian;
  private final OptionalGauge windowMad;
  private final OptionalGauge windowFirst;
  private final OptionalGauge windowCount;
  private final Map<String, LayerSeries> layers = new ConcurrentHashMap<>();
  private final OptionalGauge agentTaken;
  private final OptionalGauge agentPushed;
  private final OptionalGauge agentDropped;
  private final OptionalGauge agentPushesFailed;
  private volatile long lastPushMillis;
  private TimeGauge lastPush;

  RunMetrics(MeterRegistry registry, String run) {
    this.registry = registry;
    this.run = run;
    this.tags = Tags.of("run", run);
    samples =
        Counter.builder("neuronwatch.run.samples")
            .description("Samples of the run the server applied")
            .tags(tags)
            .register(registry);
    lossNonFinite =
        Counter.builder("neuronwatch.run.loss.nonfinite")
            .description("Applied samples whose loss was NaN or infinite")
            .tags(tags)
            .register(registry);
    step = new OptionalGauge(registry, "neuronwatch.run.step", "Step of the latest sample", tags);
    loss =
        new OptionalGauge(
            registry, "neuronwatch.run.loss", "Loss of the latest sample, when finite", tags);
    finished =
        new OptionalGauge(
            registry, "neuronwatch.run.finished", "1 once the agent reported the run ended", tags);
    windowMedian =
        new OptionalGauge(
            registry,
            "neuronwatch.run.loss.window.median",
            "Median of the losses of the steps before the latest sample (agent's loss window)",
            tags);
    windowMad =
        new OptionalGauge(
            registry,
            "neuronwatch.run.loss.window.mad",
            "Median absolute deviation of the losses in the agent's loss window",
            tags);
    windowFirst =
        new OptionalGauge(
            registry,
            "neuronwatch.run.loss.window.first",
            "Median of the run's first loss window: the scale the run started at",
            tags);
    windowCount =
        new OptionalGauge(
            registry,
            "neuronwatch.run.loss.window.steps",
            "Finite losses in the agent's loss window",
            tags);
    agentTaken =
        new OptionalGauge(
            registry,
            "neuronwatch.agent.samples.taken",
            "Samples the agent took on the training thread since it started (monotonic)",
            tags);
    agentPushed =
        new OptionalGauge(
            registry,
            "neuronwatch.agent.samples.pushed",
            "Samples the agent delivered to the server since it started (monotonic)",
            tags);
    agentDropped =
        new OptionalGauge(
            registry,
            "neuronwatch.agent.samples.dropped",
            "Samples the agent dropped, queue full or undeliverable, since it started (monotonic)",
            tags);
    agentPushesFailed =
        new OptionalGauge(
            registry,
            "neuronwatch.agent.pushes.failed",
            "Push attempts of the agent that failed since it started (monotonic)",
            tags);
  }

  /** Removes every series of the run from the registry and of its layers from the page. */
  void remove() {
    registry.remove(samples);
    registry.remove(lossNonFinite);
    if (lastPush != null) {
      registry.remove(lastPush);
    }
    for (OptionalGauge gauge :
        List.of(
            step,
            loss,
            finished,
            windowMedian,
            windowMad,
            windowFirst,
            windowCount,
            agentTaken,
            agentPushed,
            agentDropped,
            agentPushesFailed)) {
      gauge.remove();
    }
    layers.clear();
  }

  void sampleApplied(SampleSignals sample) {
    samples.increment();
    if (sample.sample().lossNonFinite()) {
      lossNonFinite.increment();
    }
    step.set((double) sample.sample().step());
    loss.set(sample.sample().loss());
    LossWindow window = sample.sample().lossWindow();
    windowMedian.set(window == null ? null : window.median());
    windowMad.set(window == null ? null : window.mad());
    windowFirst.set(window == null ? null : window.first());
    windowCount.set(window == null ? null : (double) window.count());
    for (LayerSignals layer : sample.layers()) {
      layers.computeIfAbsent(layer.name(), name -> new LayerSeries(run, name)).update(layer);
    }
  }

  void forEachLayer(Consumer<LayerSeries> action) {
    layers.values().forEach(action);
  }

  void pushApplied(RunSnapshot snapshot) {
    lastPushMillis = snapshot.lastPushTime().toEpochMilli();
    finished.set(snapshot.finished() ? 1.0 : 0.0);
    if (lastPush == null) {
      lastPush =
          TimeGauge.builder(
                  "neuronwatch.run.last.push.timestamp",
                  this,
                  TimeUnit.MILLISECONDS,
                  metrics -> metrics.lastPushMillis)
              .description("When the server last accepted a push of the run")
              .tags(tags)
              .strongReference(true)
              .register(registry);
    }
    AgentCounters agent = snapshot.agent();
    if (agent != null) {
      agentTaken.set((double) agent.samplesTaken());
      agentPushed.set((double) agent.samplesPushed());
      agentDropped.set((double) agent.samplesDropped());
      agentPushesFailed.set((double) agent.pushesFailed());
    }
  }
}
