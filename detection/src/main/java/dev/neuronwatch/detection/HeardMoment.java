package dev.neuronwatch.detection;

import dev.neuronwatch.protocol.StepSample;
import java.util.List;

/**
 * Where training stood when the listener heard an alert: the last step it had completed lies in
 * [{@code stepLow}, {@code stepHigh}]. The listener runs on the agent's push thread and learns how
 * many samples the training thread had handed over; the k-th sample's step is a lower bound, the
 * step before the (k+1)-th sample an upper bound (equal when every step is sampled).
 *
 * <pre>{@code
 * HeardMoment moment = HeardMoment.of(heard, record.delivered(), 10, 1000, false);
 * }</pre>
 */
public record HeardMoment(String rule, String layer, long stepLow, long stepHigh, long wallMillis) {

  /**
   * @param delivered the samples the agent delivered, in step order
   * @param lastStep the run's last step
   * @param gaps whether the agent dropped samples; then the samples cannot be counted off and the
   *     step is estimated from the fixed sampling grid, capped at the last step
   */
  public static HeardMoment of(
      HeardAlert heard, List<StepSample> delivered, int sampleEvery, long lastStep, boolean gaps) {
    long taken = heard.samplesTaken();
    long low;
    long high;
    if (!gaps && taken <= delivered.size()) {
      low = taken == 0 ? 0 : delivered.get((int) taken - 1).step();
      high = taken < delivered.size() ? delivered.get((int) taken).step() - 1 : lastStep;
    } else {
      // Approximate: bursts and loss-only samples make the grid a guess, so stay within the run.
      low = Math.min(lastStep, taken * sampleEvery);
      high = Math.min(lastStep, low + sampleEvery - 1);
    }
    return new HeardMoment(
        heard.rule(), heard.layer(), low, Math.max(low, high), heard.wallMillis());
  }
}
