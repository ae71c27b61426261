package dev.neuronwatch.agent.push;

import dev.neuronwatch.protocol.Protocol;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.PushResponse;
import dev.neuronwatch.protocol.WireFormatException;
import dev.neuronwatch.protocol.WireJson;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default {@link PushSink}: POSTs each batch as JSON to {@code /api/v1/push} on the server with
 * the JDK's {@link HttpClient}.
 *
 * <p>A 200 answer is decoded into a {@link PushResponse}; any other status becomes a {@link
 * PushRejectedException} carrying the status, the Retry-After and the server's error message.
 * Connection failures and timeouts are plain {@link IOException}s. The request timeout bounds the
 * whole exchange, from sending the request to reading the last byte of the answer, so a server that
 * hangs before or in the middle of its answer costs at most that long per attempt; answers longer
 * than {@value #MAX_RESPONSE_BYTES} bytes are refused unread.
 *
 * <p>{@link #close()} releases the HTTP client and ends its worker threads ({@value
 * #THREAD_NAME}-N). The JDK's selector thread ends with the client: at once on Java 21 and later,
 * which can close a client, and on Java 17 at the next garbage collection, once nothing holds the
 * client any more.
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

  /** The name prefix of the HTTP client's worker threads. */
  public static final String THREAD_NAME = "neuronwatch-agent-http";

  private static final Logger LOG = System.getLogger(PushClient.class.getName());
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ExecutorService workers;
  private final URI endpoint;
  private final Duration requestTimeout;
  private final String authorization;
  private volatile HttpClient http;

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
   */
  public PushClient(URI serverUri, Duration connectTimeout, Duration requestTimeout, String token) {
    this.authorization = token == null ? null : "Bearer " + token;
    this.endpoint = serverUri.resolve(Protocol.PUSH_PATH);
    this.requestTimeout = requestTimeout;
    // The JDK's default pool keeps idle workers for a minute and cannot be shut down; this one
    // can, so closing the client ends them.
    this.workers =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            5,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            PushClient::worker);
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(workers)
            .build();
  }

  private static Thread worker(Runnable task) {
    Thread thread = new Thread(task, THREAD_NAME + "-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }

  /** The URI pushes go to. */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * @throws IOException also when the client is closed
   */
  @Override
  public PushResponse push(PushRequest request) throws IOException {
    HttpClient client = http;
    if (client == null) {
      throw new IOException("the push client is closed");
    }
    HttpRequest.Builder post =
        HttpRequest.newBuilder(endpoint)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(WireJson.encode(request)));
    if (authorization != null) {
      post.header("Authorization", authorization);
    }
    HttpResponse<byte[]> response = send(client, post.build());
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

  /**
   * Sends and reads the answer within the request timeout. The request's own timeout stops at the
   * response headers, so the whole exchange is bounded here; giving up cancels it, which closes its
   * connection.
   */
  private HttpResponse<byte[]> send(HttpClient client, HttpRequest post) throws IOException {
    CompletableFuture<HttpResponse<byte[]>> exchange =
        client.sendAsync(post, LimitedBody.handler(MAX_RESPONSE_BYTES));
    try {
      return exchange.get(requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw new HttpTimeoutException(
          "no complete answer within " + requestTimeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException("push interrupted");
      interrupted.initCause(e);
      throw interrupted;
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    }
  }

  private static IOException failure(Throwable cause) {
    return cause instanceof IOException ? (IOException) cause : new IOException(cause);
  }

  /**
   * Releases the HTTP client and ends its threads; later pushes fail. Call it when no push is in
   * flight (the agent's push thread does, as it stops). Idempotent.
   */
  @Override
  public void close() {
    HttpClient client = http;
    http = null;
    if (client instanceof AutoCloseable) {
      // Java 21 and later: closing ends the selector thread now rather than at the next GC.
      try {
        ((AutoCloseable) client).close();
      } catch (Exception e) {
        LOG.log(Logger.Level.DEBUG, "closing the HTTP client failed", e);
      }
    }
    workers.shutdown();
  }
}
