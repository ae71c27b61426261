package dev.neuronwatch.dl4j;

import dev.neuronwatch.agent.SampleSink;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.PushResponse;
import dev.neuronwatch.protocol.StepSample;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Accepts every push and keeps its samples, in the order they arrived. */
final class CollectingSink implements SampleSink {
  private final List<StepSample> samples = new CopyOnWriteArrayList<>();

  @Override
  public PushResponse push(PushRequest request) {
    samples.addAll(request.samples());
    return new PushResponse(request.samples().size(), List.of());
  }

  List<StepSample> samples() {
    return List.copyOf(samples);
  }

  List<Long> steps() {
    return samples.stream().map(StepSample::step).toList();
  }

  /** The named layer at {@code step}. */
  LayerSample layer(long step, String name) {
    return samples.stream()
        .filter(s -> s.step() == step)
        .flatMap(s -> s.layers().stream())
        .filter(l -> l.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no layer " + name + " at step " + step));
  }
}
