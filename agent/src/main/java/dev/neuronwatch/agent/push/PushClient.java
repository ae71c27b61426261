package dev.neuronwatch.agent.push;

import dev.neuronwatch.protocol.Protocol;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.PushResponse;
import dev.neuronwatch.protocol.WireFormatException;
import dev.neuronwatch.protocol.WireJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;

/**
 * The default {@link PushSink}: POSTs each batch as JSON to {@code /api/v1/push} on the server with
 * the JDK's {@link HttpURLConnection}, on the calling thread (the agent's push thread): the client
 * starts no thread of its own, and keeps the connection alive between pushes.
 *
 * <p>A 200 answer is decoded into a {@link PushResponse}; any other status becomes a {@link
 * PushRejectedException} carrying the status, the Retry-After and the server's error message.
 * Connection failures are plain {@link IOException}s, timeouts {@link SocketTimeoutException}s.
 * Connecting may take the connect timeout; the rest of the exchange, from sending the request to
 * reading the last byte of the answer, the request timeout: no single read waits longer, and an
 * answer still incomplete once the request timeout has passed is given up at its next read. Answers
 * longer than {@value #MAX_RESPONSE_BYTES} bytes are refused unread or as soon as they pass that
 * size. A push is never sent twice by the client itself: retrying is the push loop's decision.
 *
 * <p>{@link #close()} refuses later pushes and, called from another thread, aborts a push waiting
 * for the server's answer, which then fails with an {@link IOException}: a push to a server that
 * hangs ends when its agent closes. A push whose answer stalls halfway through its body ends at the
 * request timeout.
 *
 * <pre>{@code
 * try (PushClient client = new PushClient(
 *     URI.create("http://127.0.0.1:9750"), Duration.ofSeconds(1), Duration.ofSeconds(2))) {
 *   PushResponse response = client.push(request);
 * }
 * }</pre>
 */
public final class PushClient implements PushSink, AutoCloseable {
  /**
   * The longest answer read. A push response lists the run's firing alerts, a few hundred bytes
   * each: even one per layer and rule of a run at the server's layer limit stays far below.
   */
  public static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

  private final URI endpoint;
  private final URL url;
  private final int connectMillis;
  private final Duration requestTimeout;
  private final String authorization;
  private volatile boolean closed;
  private volatile HttpURLConnection inFlight;

  /**
   * @param serverUri the server's base URI
   * @param connectTimeout how long connecting may take
   * @param requestTimeout how long each push may take, answer included
   */
  public PushClient(URI serverUri, Duration connectTimeout, Duration requestTimeout) {
    this(serverUri, connectTimeout, requestTimeout, null);
  }

  /**
   * @param serverUri the server's base URI
   * @param connectTimeout how long connecting may take
   * @param requestTimeout how long each push may take, answer included
   * @param token the bearer token for the server's write API, or null
   * @throws IllegalArgumentException when {@code serverUri} is not an http URI
   */
  public PushClient(URI serverUri, Duration connectTimeout, Duration requestTimeout, String token) {
    this.authorization = token == null ? null : "Bearer " + token;
    this.endpoint = serverUri.resolve(Protocol.PUSH_PATH);
    if (!"http".equalsIgnoreCase(endpoint.getScheme())) {
      throw new IllegalArgumentException("the server URI must be http://, not " + serverUri);
    }
    try {
      this.url = endpoint.toURL();
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a server URI: " + serverUri, e);
    }
    this.connectMillis = millis(connectTimeout);
    this.requestTimeout = requestTimeout;
  }

  /** A timeout in whole milliseconds, at least 1 (0 would mean no timeout at all). */
  private static int millis(Duration timeout) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
  }

  /** The URI pushes go to. */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * @throws IOException also when the client is closed, before or during the push
   */
  @Override
  public PushResponse push(PushRequest request) throws IOException {
    if (closed) {
      throw new IOException("the push client is closed");
    }
    byte[] body = WireJson.encode(request);
    long deadline = System.nanoTime() + requestTimeout.toNanos();
    HttpURLConnection connection = open(body.length);
    inFlight = connection;
    try {
      if (closed) {
        throw new IOException("the push client is closed");
      }
      connect(connection);
      int status;
      byte[] answer;
      try {
        status = exchange(connection, body);
        answer = AnswerBody.read(connection, MAX_RESPONSE_BYTES, deadline);
      } catch (SocketTimeoutException e) {
        throw timeout("no complete answer within " + requestTimeout.toMillis() + " ms", e);
      }
      return answer(connection, status, answer);
    } catch (IOException e) {
      connection.disconnect();
      if (closed) {
        throw new IOException("the push client was closed during the push", e);
      }
      throw e;
    } finally {
      inFlight = null;
    }
  }

  private HttpURLConnection open(int length) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) url.openConnection();
    connection.setRequestMethod("POST");
    connection.setConnectTimeout(connectMillis);
    connection.setReadTimeout(millis(requestTimeout));
    connection.setInstanceFollowRedirects(false);
    connection.setUseCaches(false);
    connection.setDoOutput(true);
    // Streamed with its length: sent as it is written, and never resent by the connection itself.
    connection.setFixedLengthStreamingMode(length);
    connection.setRequestProperty("Content-Type", "application/json");
    connection.setRequestProperty("Accept", "application/json");
    if (authorization != null) {
      connection.setRequestProperty("Authorization", authorization);
    }
    return connection;
  }

  private void connect(HttpURLConnection connection) throws IOException {
    try {
      connection.connect();
    } catch (SocketTimeoutException e) {
      throw timeout("no connection within " + connectMillis + " ms", e);
    }
  }

  private static SocketTimeoutException timeout(String message, SocketTimeoutException cause) {
    SocketTimeoutException timeout = new SocketTimeoutException(message);
    timeout.initCause(cause);
    return timeout;
  }

  /**
   * Sends the body and returns the answer's status. A server refusing the request may answer and
   * close before it has read the whole body: its status still counts, not the failed write.
   */
  private static int exchange(HttpURLConnection connection, byte[] body) throws IOException {
    try (OutputStream out = connection.getOutputStream()) {
      out.write(body);
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException writeFailed) {
      try {
        return connection.getResponseCode();
      } catch (IOException noAnswer) {
        writeFailed.addSuppressed(noAnswer);
        throw writeFailed;
      }
    }
    return connection.getResponseCode();
  }

  private static PushResponse answer(HttpURLConnection connection, int status, byte[] answer)
      throws IOException {
    if (status != 200) {
      throw new PushRejectedException(
          status,
          RetryAfter.parse(connection.getHeaderField("Retry-After"), Instant.now()),
          ServerError.describe(answer));
    }
    try {
      return WireJson.decode(answer, PushResponse.class);
    } catch (WireFormatException e) {
      throw new IOException("server answered 200 with an unreadable body: " + e.getMessage(), e);
    }
  }

  /**
   * Refuses later pushes and aborts the one waiting for its answer, if any, which then fails. Safe
   * to call from any thread, and more than once.
   */
  @Override
  public void close() {
    closed = true;
    HttpURLConnection connection = inFlight;
    if (connection != null) {
      connection.disconnect();
    }
  }
}
