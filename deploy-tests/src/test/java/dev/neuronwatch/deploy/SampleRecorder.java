package dev.neuronwatch.deploy;

import dev.neuronwatch.agent.SampleSink;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.PushResponse;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.protocol.WireFormatException;
import dev.neuronwatch.protocol.WireJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An agent sink that delivers each batch to a real server one sample at a time and scrapes the
 * server's {@code /metrics} after every sample that carries layers, keeping the run's per-layer and
 * per-run series as they stood then: what a Prometheus scraping once per sample would have stored.
 *
 * <pre>{@code
 * SampleRecorder recorder = new SampleRecorder(server.uri(), "run-1");
 * AgentConfig config = AgentConfig.builder().run("run-1").sink(recorder).build();
 * }</pre>
 */
final class SampleRecorder implements SampleSink {
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI server;
  private final String run;
  private final List<Map<String, String>> scrapes = new ArrayList<>();

  SampleRecorder(URI server, String run) {
    this.server = server;
    this.run = run;
  }

  @Override
  public PushResponse push(PushRequest request) throws IOException {
    List<StepSample> samples = request.samples();
    if (samples.isEmpty()) {
      return post(request);
    }
    int accepted = 0;
    PushResponse last = null;
    for (int i = 0; i < samples.size(); i++) {
      boolean lastOne = i == samples.size() - 1;
      last =
          post(
              new PushRequest(
                  request.run(),
                  List.of(samples.get(i)),
                  lastOne ? request.agent() : null,
                  lastOne && request.finished()));
      accepted += last.accepted();
      // A layerless sample (the agent's report of a loss spike on an unsampled step) changes no
      // layer series: as one more evaluation it would count the layers' last readings once more,
      // which the server, judging each sample, does not.
      if (!samples.get(i).layers().isEmpty()) {
        scrapes.add(series(scrape()));
      }
    }
    return new PushResponse(accepted, last.firing());
  }

  /** One map per sample, series text ({@code name{labels}}) to its value as exported. */
  synchronized List<Map<String, String>> scrapes() {
    return List.copyOf(scrapes);
  }

  private PushResponse post(PushRequest request) throws IOException {
    HttpRequest post =
        HttpRequest.newBuilder(server.resolve("/api/v1/push"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(WireJson.encode(request)))
            .build();
    HttpResponse<byte[]> response = send(post);
    if (response.statusCode() != 200) {
      throw new IOException("push answered " + response.statusCode());
    }
    try {
      return WireJson.decode(response.body(), PushResponse.class);
    } catch (WireFormatException e) {
      throw new IOException("push response is not a PushResponse", e);
    }
  }

  private String scrape() throws IOException {
    HttpResponse<byte[]> response =
        send(HttpRequest.newBuilder(server.resolve("/metrics")).GET().build());
    return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
  }

  private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /**
   * The training series of this run: per layer and per run, but not the server's own alert series,
   * the agent's counters or the push timestamp, which no rule but AgentStopped reads.
   */
  private Map<String, String> series(String exposition) {
    Map<String, String> series = new LinkedHashMap<>();
    String mine = "run=\"" + run + "\"";
    for (String line : exposition.split("\n")) {
      if (line.startsWith("#") || !line.contains(mine)) {
        continue;
      }
      boolean training =
          line.startsWith("neuronwatch_layer_")
              || (line.startsWith("neuronwatch_run_")
                  && !line.startsWith("neuronwatch_run_last_push"));
      if (training) {
        int space = line.lastIndexOf(' ');
        series.put(line.substring(0, space), line.substring(space + 1));
      }
    }
    return series;
  }
}
