package dev.neuronwatch.detection;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.agent.push.PushClient;
import dev.neuronwatch.protocol.Alert;
import dev.neuronwatch.protocol.WireFormatException;
import dev.neuronwatch.protocol.WireJson;
import dev.neuronwatch.trainer.Trainer;
import dev.neuronwatch.trainer.TrainingResult;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Trains one labelled run watched the way a user would watch it: an agent with its default settings
 * (only the run name, server and sampling interval set) pushing over HTTP to the server, an alert
 * listener noting what it hears; afterwards the server's alert history of the run is read through
 * {@code GET /api/v1/alerts}.
 *
 * <pre>{@code
 * RunRecord record = MonitoredRun.run(spec, server.uri());
 * }</pre>
 */
public final class MonitoredRun {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private MonitoredRun() {}

  /** Trains {@code spec} against the server at {@code serverUri} and collects what happened. */
  public static RunRecord run(RunSpec spec, URI serverUri) {
    return run(spec, serverUri, Duration.ZERO);
  }

  /**
   * Like {@link #run(RunSpec, URI)}, with every training step taking at least {@code stepTime} of
   * wall time (zero: the reference network's own pace); see {@link StepPacer}.
   */
  public static RunRecord run(RunSpec spec, URI serverUri, Duration stepTime) {
    AtomicReference<NeuronwatchAgent> agentRef = new AtomicReference<>();
    ListenerLog listener = new ListenerLog(agentRef::get);
    AgentConfig plain = agentConfig(spec, serverUri, listener).build();
    TrainingResult result;
    long dropped;
    long failed;
    RecordingSink sink;
    try (PushClient http = plain.pushClient()) {
      sink = new RecordingSink(http);
      AgentConfig config = agentConfig(spec, serverUri, listener).sink(sink).build();
      NeuronwatchAgent agent = NeuronwatchAgent.start(config);
      agentRef.set(agent);
      try {
        result = Trainer.train(spec.config(), agent, null, StepPacer.of(stepTime));
      } finally {
        // Closing delivers what is still queued, so the server has judged every sample.
        agent.close();
      }
      dropped = agent.status().samplesDropped();
      failed = agent.status().pushesFailed();
    }
    return new RunRecord(
        spec,
        result,
        sink.delivered(),
        listener.heard(),
        alertsOf(serverUri, spec.id()),
        dropped,
        failed);
  }

  private static AgentConfig.Builder agentConfig(
      RunSpec spec, URI serverUri, ListenerLog listener) {
    return AgentConfig.builder()
        .run(spec.id())
        .serverUri(serverUri)
        .sampleEvery(spec.sampleEvery())
        .alertListener(listener);
  }

  /** Every alert the server holds for {@code run}: pending, firing and resolved. */
  static List<Alert> alertsOf(URI serverUri, String run) {
    URI uri =
        serverUri.resolve("/api/v1/alerts?run=" + URLEncoder.encode(run, StandardCharsets.UTF_8));
    try {
      HttpResponse<byte[]> response =
          HTTP.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
      }
      return List.of(WireJson.decode(response.body(), Alert[].class));
    } catch (IOException | WireFormatException e) {
      throw new IllegalStateException("GET " + uri + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading " + uri, e);
    }
  }
}
