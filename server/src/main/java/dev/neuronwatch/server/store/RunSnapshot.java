package dev.neuronwatch.server.store;

import dev.neuronwatch.protocol.AgentCounters;
import dev.neuronwatch.protocol.LayerSample;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A run as the store holds it at one moment. {@code lastStep} and {@code loss} (of the latest
 * sample; null when that sample had none or a non-finite one) are null before the first sample;
 * {@code agent} is null until an agent reported its counters. {@code layers} holds the latest
 * sample of each layer ever seen, ordered by depth, then name. {@code attempt} numbers the run's
 * attempts from 1 (a run that started again under the same name starts a new one).
 *
 * <pre>{@code
 * RunSnapshot run = store.run("run-1").orElseThrow();
 * long samples = run.samples();
 * }</pre>
 */
public record RunSnapshot(
    String run,
    Long lastStep,
    Double loss,
    Instant lastPushTime,
    long samples,
    boolean finished,
    List<LayerSample> layers,
    AgentCounters agent,
    int attempt) {

  public RunSnapshot {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(lastPushTime, "lastPushTime");
    layers = List.copyOf(layers);
  }

  /** A snapshot of a run's first attempt. */
  public RunSnapshot(
      String run,
      Long lastStep,
      Double loss,
      Instant lastPushTime,
      long samples,
      boolean finished,
      List<LayerSample> layers,
      AgentCounters agent) {
    this(run, lastStep, loss, lastPushTime, samples, finished, layers, agent, 1);
  }

  /** The layer names, in {@link #layers()} order. */
  public List<String> layerNames() {
    return layers.stream().map(LayerSample::name).toList();
  }
}
