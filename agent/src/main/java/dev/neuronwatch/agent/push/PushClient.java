package dev.neuronwatch.agent.push;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.SampleSink;
import dev.neuronwatch.model.PushRequest;
import dev.neuronwatch.model.PushResponse;
import dev.neuronwatch.model.WireFormatException;
import dev.neuronwatch.model.WireJson;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * The default {@link SampleSink}: POSTs each batch as JSON to {@code /api/v1/push} on the server
 * with the JDK's {@link HttpClient}.
 *
 * <p>A 200 answer is decoded into a {@link PushResponse}; any other status becomes a {@link
 * PushRejectedException} carrying the status, the Retry-After and the server's error message.
 * Connection failures and timeouts are plain {@link IOException}s. The request timeout bounds the
 * wait for the response headers, so a hanging server costs at most that long per attempt.
 *
 * <pre>{@code
 * PushClient client = new PushClient(
 *     URI.create("http://127.0.0.1:9750"), Duration.ofSeconds(1), Duration.ofSeconds(2));
 * PushResponse response = client.push(request);
 * }</pre>
 */
public final class PushClient implements SampleSink {
  /** The push endpoint's path on the server. */
  public static final String PUSH_PATH = "/api/v1/push";

  private final HttpClient http;
  private final URI endpoint;
  private final Duration requestTimeout;
  private final String authorization;

  /**
   * @param serverUri the server's base URI
   * @param connectTimeout how long connecting may take
   * @param requestTimeout how long each push may wait for the response
   */
  public PushClient(URI serverUri, Duration connectTimeout, Duration requestTimeout) {
    this(serverUri, connectTimeout, requestTimeout, null);
  }

  /**
   * @param serverUri the server's base URI
   * @param connectTimeout how long connecting may take
   * @param requestTimeout how long each push may wait for the response
   * @param token the bearer token for the server's write API, or null
   */
  public PushClient(
      URI serverUri, Duration connectTimeout, Duration requestTimeout, String token) {
    this.authorization = token == null ? null : "Bearer " + token;
    this.endpoint = serverUri.resolve(PUSH_PATH);
    this.requestTimeout = requestTimeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** A client for the configuration's server and timeouts. */
  public static PushClient forConfig(AgentConfig config) {
    return new PushClient(
        config.serverUri(),
        config.connectTimeout(),
        config.requestTimeout(),
        config.token().orElse(null));
  }

  /** The URI pushes go to. */
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public PushResponse push(PushRequest request) throws IOException {
    HttpRequest.Builder post =
        HttpRequest.newBuilder(endpoint)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(WireJson.encode(request)));
    if (authorization != null) {
      post.header("Authorization", authorization);
    }
    HttpResponse<byte[]> response = send(post.build());
    if (response.statusCode() != 200) {
      String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
      throw new PushRejectedException(
          response.statusCode(),
          RetryAfter.parse(retryAfter, Instant.now()),
          ServerError.describe(response.body()));
    }
    try {
      return WireJson.decode(response.body(), PushResponse.class);
    } catch (WireFormatException e) {
      throw new IOException("server answered 200 with an unreadable body: " + e.getMessage(), e);
    }
  }

  private HttpResponse<byte[]> send(HttpRequest post) throws IOException {
    try {
      return http.send(post, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException("push interrupted");
      interrupted.initCause(e);
      throw interrupted;
    }
  }
}
