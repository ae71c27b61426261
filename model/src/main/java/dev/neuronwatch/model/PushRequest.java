package dev.neuronwatch.model;

import java.util.List;

/**
 * The body of {@code POST /api/v1/push}: a batch of sampled steps of one run.
 *
 * <p>Samples must be in increasing step order. {@code agent} carries the agent's own counters
 * (optional). {@code finished} is true on the last push of a run that ended normally.
 *
 * <pre>{@code
 * PushRequest push = new PushRequest("mnist-7", List.of(sample), counters, false);
 * byte[] body = WireJson.encode(push);
 * }</pre>
 */
public record PushRequest(
    String run, List<StepSample> samples, AgentCounters agent, boolean finished) {

  /** The most samples one push may carry. */
  public static final int MAX_SAMPLES = 1024;

  public PushRequest {
    Checks.name("run", run);
    Checks.required("samples", samples);
    if (samples.size() > MAX_SAMPLES) {
      throw new InvalidFieldException(
          "samples", "has " + samples.size() + " entries, the limit is " + MAX_SAMPLES);
    }
    long previous = -1;
    for (int i = 0; i < samples.size(); i++) {
      StepSample sample = Checks.required("samples[" + i + "]", samples.get(i));
      if (sample.step() <= previous) {
        throw new InvalidFieldException(
            "samples[" + i + "].step",
            "must increase within a push (" + sample.step() + " after " + previous + ")");
      }
      previous = sample.step();
    }
    samples = List.copyOf(samples);
  }
}
