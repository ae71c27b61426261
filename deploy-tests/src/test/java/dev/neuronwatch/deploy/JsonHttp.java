package dev.neuronwatch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain GETs against the loopback programs of the integration test: JSON APIs and the metrics text.
 * Anything but a 200 is an {@link IllegalStateException} naming the URL and the answer, which
 * {@link Poll} treats as "not yet".
 *
 * <pre>{@code
 * JsonNode alerts = JsonHttp.json(alertmanager.resolve("/api/v2/alerts"));
 * }</pre>
 */
final class JsonHttp {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonHttp() {}

  static JsonNode json(URI uri) {
    try {
      return JSON.readTree(text(uri));
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON from " + uri, e);
    }
  }

  static String text(URI uri) {
    Answer answer = get(uri);
    if (answer.status() != 200) {
      throw new IllegalStateException(
          "GET " + uri + " answered " + answer.status() + ": " + answer.body());
    }
    return answer.body();
  }

  /** A status and body, whatever the status: for APIs that explain errors in the body. */
  record Answer(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON (status " + status + "): " + body, e);
      }
    }
  }

  static Answer get(URI uri) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
    try {
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during GET " + uri, e);
    }
  }
}
