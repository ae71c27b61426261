package dev.neuronwatch.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.neuronwatch.protocol.AgentCounters;
import dev.neuronwatch.server.store.RunSnapshot;
import dev.neuronwatch.server.store.RunStatus;
import java.time.Instant;
import java.util.List;

/**
 * One entry of {@code GET /api/v1/runs}. {@code lastStep} is null before the first sample, {@code
 * agent} until an agent reported its counters; both are written as JSON null rather than left out,
 * as is {@code loss} (the latest sample's) when that sample had no finite loss. {@code
 * lastPushTime} is ISO-8601; {@code state} is {@code running}, {@code finished} or {@code stopped}
 * ({@link RunStatus}); {@code firingAlerts} counts the run's firing alerts; {@code attempt} numbers
 * the run's attempts from 1.
 *
 * <pre>{@code
 * {"run":"mnist-7","lastStep":1200,"loss":0.31,"lastPushTime":"2026-11-28T12:00:00Z","samples":120,
 *  "finished":false,"state":"running","layers":["dense_0","dense_1"],"firingAlerts":1,
 *  "agent":{...},"attempt":1}
 * }</pre>
 */
public record RunListing(
    String run,
    @JsonInclude(JsonInclude.Include.ALWAYS) Long lastStep,
    @JsonInclude(JsonInclude.Include.ALWAYS) Double loss,
    String lastPushTime,
    long samples,
    boolean finished,
    String state,
    List<String> layers,
    int firingAlerts,
    @JsonInclude(JsonInclude.Include.ALWAYS) AgentCounters agent,
    int attempt) {

  static RunListing of(RunSnapshot run, int firingAlerts, Instant now) {
    return new RunListing(
        run.run(),
        run.lastStep(),
        run.loss(),
        run.lastPushTime().toString(),
        run.samples(),
        run.finished(),
        RunStatus.of(run, now).wireName(),
        run.layerNames(),
        firingAlerts,
        run.agent(),
        run.attempt());
  }
}
