package dev.neuronwatch.integration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a server in another process says about its runs, read over its HTTP API as a user's script
 * would: {@code GET /api/v1/runs} and {@code GET /api/v1/runs/{run}/series?metric=loss}.
 *
 * <pre>{@code
 * RunsApi api = new RunsApi(server.uri());
 * RunView run = api.runs().get("soak-0");
 * RunsApi.Series loss = api.loss("soak-0");
 * }</pre>
 */
final class RunsApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** A run's loss over steps, as far as these tests read it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Series(int stride, List<Long> steps, List<Line> series) {
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Line(List<Double> values) {}

    List<Double> values() {
      return series.get(0).values();
    }
  }

  private final URI server;

  RunsApi(URI server) {
    this.server = server;
  }

  /** Every run the server holds, by name. */
  Map<String, RunView> runs() {
    List<RunView> runs = get("/api/v1/runs", new TypeReference<List<RunView>>() {});
    return runs.stream().collect(Collectors.toMap(RunView::run, Function.identity()));
  }

  /** The run's loss series (downsampled once the run has more samples than the history keeps). */
  Series loss(String run) {
    return get(
        "/api/v1/runs/" + URLEncoder.encode(run, StandardCharsets.UTF_8) + "/series?metric=loss",
        new TypeReference<Series>() {});
  }

  private <T> T get(String path, TypeReference<T> type) {
    URI uri = server.resolve(path);
    try {
      HttpResponse<byte[]> answer =
          HTTP.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (answer.statusCode() != 200) {
        throw new AssertionError("GET " + uri + " answered " + answer.statusCode());
      }
      return JSON.readValue(answer.body(), type);
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading " + uri, e);
    }
  }
}
