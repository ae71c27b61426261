package dev.neuronwatch.browser;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.GradientSummary;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.protocol.TensorSummary;
import dev.neuronwatch.protocol.WireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The pushes of one deep run, built as the wire model and posted over real HTTP, for pages that
 * must hold many layers or move under the test's control (the reference network has four layers and
 * trains to the end in one go). Every layer but the output is ReLU with gradients shrinking with
 * depth from the output down, as in a deep network whose gradients vanish; the output is softmax.
 * Deterministic for a seed. Not thread-safe.
 *
 * <pre>{@code
 * SyntheticRun run = new SyntheticRun(server.uri(), "deep-0", 50, 7);
 * run.push(200, 10);   // 200 samples, 10 per push
 * }</pre>
 */
final class SyntheticRun {
  /** Steps between two samples, as an agent sampling every 10th step. */
  static final int SAMPLE_EVERY = 10;

  private final URI push;
  private final String run;
  private final int layers;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final Random random;
  private long step;

  SyntheticRun(URI server, String run, int layers, long seed) {
    this.push = server.resolve("/api/v1/push");
    this.run = run;
    this.layers = layers;
    this.random = new Random(seed);
  }

  /** Pushes {@code samples} more samples, {@code perPush} to a request; fails unless accepted. */
  void push(int samples, int perPush) {
    for (int sent = 0; sent < samples; sent += perPush) {
      List<StepSample> batch = new ArrayList<>(perPush);
      for (int i = 0; i < Math.min(perPush, samples - sent); i++) {
        step += SAMPLE_EVERY;
        batch.add(sample());
      }
      post(new PushRequest(run, batch, null, false));
    }
  }

  /** The last step pushed. */
  long step() {
    return step;
  }

  private void post(PushRequest request) {
    try {
      HttpResponse<String> response =
          CLIENT.send(
              HttpRequest.newBuilder(push)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(WireJson.encode(request)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "push of " + run + " answered " + response.statusCode() + ": " + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted pushing " + run, e);
    }
  }

  private StepSample sample() {
    List<LayerSample> out = new ArrayList<>(layers);
    double progress = step / 1000.0;
    for (int depth = 0; depth < layers; depth++) {
      boolean output = depth == layers - 1;
      int units = output ? 10 : 64;
      double spread = 0.5 + 0.05 * random.nextGaussian();
      TensorSummary activations =
          new TensorSummary(
              32L * units,
              (output ? 0.1 : 0.3) + 0.02 * random.nextGaussian(),
              spread * spread,
              0,
              output ? 1 : 3,
              output ? 0 : 0.4 + 0.05 * random.nextDouble(),
              0,
              0);
      // Each layer further from the output gets a tenth less gradient than the one above it.
      double norm = Math.pow(0.9, layers - 1 - depth) * (1 + 0.05 * random.nextGaussian());
      GradientSummary gradient =
          new GradientSummary(norm, norm / 10, norm / 2, norm / (units * 40.0), 0, 0);
      out.add(
          new LayerSample(
              output ? "output" : "dense_" + depth,
              depth,
              output ? ActivationKind.SOFTMAX : ActivationKind.RELU,
              units,
              activations,
              output ? null : Math.min(1, 0.05 + 0.02 * random.nextDouble() + 0.01 * progress),
              output ? 0.2 + 0.05 * random.nextDouble() : null,
              gradient,
              4 + 0.1 * depth,
              1e-3 * norm * (1 + 0.1 * random.nextGaussian()) + 1e-6));
    }
    return new StepSample(
        step,
        1_800_000_000_000L + step,
        2.3 / (1 + progress) + 0.02 * random.nextDouble(),
        false,
        out);
  }
}
