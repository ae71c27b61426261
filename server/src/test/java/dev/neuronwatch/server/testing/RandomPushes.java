package dev.neuronwatch.server.testing;

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
 * Valid pushes drawn from a seeded {@link Random}, built with the model's constructors: 1 to 4
 * samples of 1 to 8 layers of any activation, with or without gradients, weights, loss and agent
 * counters.
 *
 * <pre>{@code
 * PushRequest push = RandomPushes.push(new Random(seed), "run-" + seed);
 * }</pre>
 */
public final class RandomPushes {
  private static final ActivationKind[] KINDS = ActivationKind.values();

  private RandomPushes() {}

  public static PushRequest push(Random random, String run) {
    int sampleCount = 1 + random.nextInt(4);
    int layerCount = 1 + random.nextInt(8);
    long step = random.nextInt(1000);
    List<StepSample> samples = new ArrayList<>();
    for (int s = 0; s < sampleCount; s++) {
      step += 1 + random.nextInt(50);
      samples.add(sample(random, step, layerCount));
    }
    AgentCounters agent =
        random.nextBoolean()
            ? null
            : new AgentCounters(
                random.nextInt(1000), random.nextInt(1000), random.nextInt(10), random.nextInt(5));
    return new PushRequest(run, samples, agent, random.nextInt(10) == 0);
  }

  /** One sample with {@code layers} layers named {@code layer_0...}, depth by index. */
  public static StepSample sample(Random random, long step, int layers) {
    List<LayerSample> list = new ArrayList<>();
    for (int depth = 0; depth < layers; depth++) {
      list.add(layer(random, "layer_" + depth, depth));
    }
    boolean nonFinite = random.nextInt(20) == 0;
    Double loss = nonFinite || random.nextInt(10) == 0 ? null : random.nextDouble() * 3;
    return new StepSample(step, 1_800_000_000_000L + step, loss, nonFinite, list);
  }

  static LayerSample layer(Random random, String name, int depth) {
    ActivationKind kind = KINDS[random.nextInt(KINDS.length)];
    double min = -random.nextDouble() * 5;
    double max = random.nextDouble() * 5;
    TensorSummary output =
        new TensorSummary(
            1 + random.nextInt(4096),
            min + (max - min) * random.nextDouble(),
            random.nextDouble(),
            min,
            max,
            random.nextDouble(),
            random.nextInt(10) == 0 ? random.nextInt(5) : 0,
            0);
    GradientSummary gradient =
        random.nextBoolean()
            ? null
            : new GradientSummary(
                random.nextDouble(),
                random.nextDouble() / 10,
                random.nextDouble(),
                random.nextDouble() / 1000,
                0,
                0);
    return new LayerSample(
        name,
        depth,
        kind,
        1 + random.nextInt(512),
        output,
        kind.isReluFamily() ? random.nextDouble() : null,
        kind.isSaturating() ? random.nextDouble() : null,
        gradient,
        random.nextBoolean() ? random.nextDouble() * 10 : null,
        random.nextBoolean() ? random.nextDouble() / 100 : null);
  }
}
