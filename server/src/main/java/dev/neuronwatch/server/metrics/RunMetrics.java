package dev.neuronwatch.server.metrics;

import dev.neuronwatch.model.AgentCounters;
import dev.neuronwatch.server.rules.LayerSignals;
import dev.neuronwatch.server.rules.SampleSignals;
import dev.neuronwatch.server.store.RunSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The meters of one run (tag run) and its layers. Calls for one run must be serialised (the
 * store's run lock does that).
 *
 * <p>The agent's counters are cumulative counts the agent keeps since it started; they are
 * exported as Micrometer function counters, so Prometheus sees counters ({@code _total}) and
 * {@code rate()} treats an agent restart as a counter reset. A push without counters keeps the
 * last reported ones.
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
  private final Map<String, LayerMetrics> layers = new HashMap<>();
  private volatile long lastPushMillis;
  private volatile AgentCounters agent;
  private boolean pushSeen;

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
  }

  void sampleApplied(SampleSignals sample) {
    samples.increment();
    if (sample.sample().lossNonFinite()) {
      lossNonFinite.increment();
    }
    step.set((double) sample.sample().step());
    loss.set(sample.sample().loss());
    for (LayerSignals layer : sample.layers()) {
      layers
          .computeIfAbsent(layer.name(), name -> new LayerMetrics(registry, run, name))
          .update(layer);
    }
  }

  void pushApplied(RunSnapshot snapshot) {
    lastPushMillis = snapshot.lastPushTime().toEpochMilli();
    finished.set(snapshot.finished() ? 1.0 : 0.0);
    if (!pushSeen) {
      pushSeen = true;
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
    if (snapshot.agent() != null) {
      boolean first = agent == null;
      agent = snapshot.agent();
      if (first) {
        agentCounter(
            "neuronwatch.agent.samples.taken",
            "Samples the agent took on the training thread",
            AgentCounters::samplesTaken);
        agentCounter(
            "neuronwatch.agent.samples.pushed",
            "Samples the agent delivered to the server",
            AgentCounters::samplesPushed);
        agentCounter(
            "neuronwatch.agent.samples.dropped",
            "Samples the agent dropped (queue full or undeliverable)",
            AgentCounters::samplesDropped);
        agentCounter(
            "neuronwatch.agent.pushes.failed",
            "Push attempts of the agent that failed",
            AgentCounters::pushesFailed);
      }
    }
  }

  private void agentCounter(String name, String description, ToLongFunction<AgentCounters> count) {
    // Function counters hold their object weakly; the owning TrainingMetrics keeps this strongly.
    FunctionCounter.builder(name, this, metrics -> count.applyAsLong(metrics.agent))
        .description(description)
        .tags(tags)
        .register(registry);
  }
}
