package dev.neuronwatch.server.load;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.AgentCounters;
import dev.neuronwatch.protocol.GradientSummary;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.protocol.TensorSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The pushes one training run's agent would send: a network of eight layers (six ReLU, a tanh, a
 * softmax output), sampled every step, in batches of ten samples, with slowly drifting healthy
 * statistics and the agent's counters. Deterministic for a seed. Not thread-safe.
 *
 * <pre>{@code
 * SyntheticAgent agent = new SyntheticAgent("load-0", 42);
 * PushRequest push = agent.nextPush();
 * }</pre>
 */
final class SyntheticAgent {
  static final int LAYERS = 8;
  static final int BATCH = 10;

  private final String run;
  private final Random random;
  private long step;
  private long pushed;

  SyntheticAgent(String run, long seed) {
    this.run = run;
    this.random = new Random(seed);
  }

  PushRequest nextPush() {
    List<StepSample> samples = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      step++;
      samples.add(sample());
    }
    AgentCounters counters = new AgentCounters(step, pushed, 0, 0);
    pushed += BATCH;
    return new PushRequest(run, samples, counters, false);
  }

  private StepSample sample() {
    List<LayerSample> layers = new ArrayList<>(LAYERS);
    double decay = 1 / (1 + step / 5000.0);
    for (int depth = 0; depth < LAYERS; depth++) {
      ActivationKind kind =
          depth == LAYERS - 1
              ? ActivationKind.SOFTMAX
              : depth == LAYERS - 2 ? ActivationKind.TANH : ActivationKind.RELU;
      layers.add(layer(depth, kind, decay));
    }
    return new StepSample(
        step,
        1_800_000_000_000L + step * 50,
        2.3 * decay + 0.05 * random.nextDouble(),
        false,
        layers);
  }

  private LayerSample layer(int depth, ActivationKind kind, double decay) {
    int units = depth == LAYERS - 1 ? 10 : 128;
    long count = 32L * units;
    double spread = 0.5 + 0.1 * random.nextGaussian();
    double min = kind == ActivationKind.RELU ? 0 : -1;
    double max = kind == ActivationKind.RELU ? 3 : 1;
    // A mean lies within [min, max]; the server refuses one that does not.
    double mean = Math.max(min, Math.min(max, 0.2 + 0.05 * random.nextGaussian()));
    TensorSummary output =
        new TensorSummary(
            count,
            mean,
            spread * spread,
            min,
            max,
            kind == ActivationKind.RELU ? 0.4 + 0.05 * random.nextDouble() : 0,
            0,
            0);
    double norm = (0.5 + depth * 0.1) * decay * (1 + 0.05 * random.nextGaussian());
    GradientSummary gradient =
        new GradientSummary(norm, norm / 10, norm / 2, norm / (units * 40.0), 0, 0);
    return new LayerSample(
        "layer_" + depth,
        depth,
        kind,
        units,
        output,
        kind.isReluFamily() ? 0.05 + 0.05 * random.nextDouble() : null,
        kind.isSaturating() ? 0.02 + 0.02 * random.nextDouble() : null,
        gradient,
        10 + depth + random.nextDouble(),
        1e-3 * decay);
  }
}
