package dev.neuronwatch.detection;

import dev.neuronwatch.agent.SampleSink;
import dev.neuronwatch.agent.push.PushClient;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.PushResponse;
import dev.neuronwatch.protocol.StepSample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's own HTTP {@link PushClient}, with a copy of every sample the server accepted kept for
 * the analysis (the step and wall time of each sample map listener events to steps).
 *
 * <pre>{@code
 * try (PushClient http = config.pushClient()) {
 *   RecordingSink sink = new RecordingSink(http);
 * }
 * }</pre>
 */
final class RecordingSink implements SampleSink {
  private final PushClient http;
  private final List<StepSample> delivered = new ArrayList<>();

  RecordingSink(PushClient http) {
    this.http = http;
  }

  @Override
  public PushResponse push(PushRequest request) throws IOException {
    PushResponse response = http.push(request);
    synchronized (delivered) {
      delivered.addAll(request.samples());
    }
    return response;
  }

  List<StepSample> delivered() {
    synchronized (delivered) {
      return List.copyOf(delivered);
    }
  }
}
