package dev.neuronwatch.protocol;

import java.util.List;

/**
 * The body of {@code POST /api/v1/push}: a batch of sampled steps of one run.
 *
 * <p>Samples must be in increasing step order. {@code agent} carries the agent's own counters
 * (optional), counting this push's samples as pushed. {@code finished} is true on the last push of
 * a run that ended normally. {@code attempt} (optional, a name like {@code run}) names the attempt
 * of the run the samples belong to: a push naming another attempt than the run's current one starts
 * a new attempt on the server, whatever its steps.
 *
 * <pre>{@code
 * PushRequest push = new PushRequest("mnist-7", List.of(sample), counters, false);
 * byte[] body = WireJson.encode(push);
 * }</pre>
 */
public record PushRequest(
    String run, List<StepSample> samples, AgentCounters agent, boolean finished, String attempt) {

  public PushRequest {
    Checks.name("run", run);
    Checks.required("samples", samples);
    if (samples.size() > Protocol.MAX_SAMPLES_PER_PUSH) {
      throw new InvalidFieldException(
          "samples",
          "has " + samples.size() + " entries, the limit is " + Protocol.MAX_SAMPLES_PER_PUSH);
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
    if (attempt != null) {
      Checks.name("attempt", attempt);
    }
  }

  /** A push that names no attempt. */
  public PushRequest(String run, List<StepSample> samples, AgentCounters agent, boolean finished) {
    this(run, samples, agent, finished, null);
  }
}
