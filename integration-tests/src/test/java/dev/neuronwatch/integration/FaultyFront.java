package dev.neuronwatch.integration;

import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.protocol.WireFormatException;
import dev.neuronwatch.protocol.WireJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 front for a real server that plays one {@link Fault} at a time on raw
 * sockets, so it can also send what no HTTP library would: bytes that are not HTTP, or nothing at
 * all. In {@link Fault#NONE} it forwards pushes to the server and relays its answers; {@link
 * Fault#SLOW} forwards them too, late. Every request is recorded with its arrival time and the
 * fault it met; the steps of every forwarded push are kept.
 *
 * <pre>{@code
 * try (FaultyFront front = new FaultyFront(server.uri(), Fault.SERVER_ERROR)) {
 *   // ... an agent pushes to front.uri() ...
 *   front.fault(Fault.NONE);
 * }
 * }</pre>
 */
final class FaultyFront implements AutoCloseable {
  static final Duration SLOW_ANSWER = Duration.ofMillis(2500);
  static final String RETRY_AFTER_SECONDS = "1";

  private static final byte[] MAINTENANCE_PAGE =
      "<html><body>down for maintenance</body></html>".getBytes(StandardCharsets.UTF_8);
  private static final byte[] GARBAGE =
      "\u0000\u0017SSH-2.0-not-http\r\n\u00ff\u00fe".getBytes(StandardCharsets.ISO_8859_1);

  /** One request as the front saw it. */
  record Exchange(long arrivedNanos, Fault fault, PushRequest push) {}

  private final ServerSocket socket;
  private final URI backend;
  private final HttpClient forwarder =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ExecutorService connections = Executors.newCachedThreadPool(FaultyFront::daemon);
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private final Set<Long> forwardedSteps = ConcurrentHashMap.newKeySet();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile Fault fault;

  FaultyFront(URI backend, Fault fault) throws IOException {
    this.backend = backend.resolve("/api/v1/push");
    this.fault = fault;
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    connections.execute(this::acceptLoop);
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "faulty-front");
    thread.setDaemon(true);
    return thread;
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort());
  }

  void fault(Fault fault) {
    this.fault = fault;
  }

  List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  /** The distinct steps of every push handed to the server. */
  Set<Long> forwardedSteps() {
    return Set.copyOf(forwardedSteps);
  }

  /** Requests being answered now, a slow one included. */
  int inFlight() {
    return inFlight.get();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        open.add(connection);
        connections.execute(() -> serve(connection));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket connection) {
    inFlight.incrementAndGet();
    try {
      byte[] body = readRequest(connection.getInputStream());
      Fault now = fault;
      exchanges.add(new Exchange(System.nanoTime(), now, decode(body)));
      if (now == Fault.HANG) {
        // Keep the connection open and unanswered until the front closes.
        return;
      }
      try (connection) {
        answer(now, body, connection.getOutputStream());
      }
      open.remove(connection);
    } catch (IOException | InterruptedException gone) {
      // The agent gave up on this request or the front is closing.
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void answer(Fault now, byte[] body, OutputStream out)
      throws IOException, InterruptedException {
    switch (now) {
      case SERVER_ERROR -> out.write(error(500, "", "boom"));
      case RATE_LIMITED ->
          out.write(error(429, "Retry-After: " + RETRY_AFTER_SECONDS + "\r\n", "slow down"));
      case TOO_LARGE -> out.write(error(413, "", "body too large"));
      case GARBAGE_BYTES -> out.write(GARBAGE);
      case NOT_JSON -> out.write(response(200, "", MAINTENANCE_PAGE, "text/html"));
      case SLOW -> {
        Thread.sleep(SLOW_ANSWER.toMillis());
        out.write(forward(body));
      }
      default -> out.write(forward(body));
    }
    out.flush();
  }

  private byte[] forward(byte[] body) throws IOException, InterruptedException {
    PushRequest push = decode(body);
    HttpResponse<byte[]> answer =
        forwarder.send(
            HttpRequest.newBuilder(backend)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (push != null) {
      push.samples().stream().map(StepSample::step).forEach(forwardedSteps::add);
    }
    String type = answer.headers().firstValue("Content-Type").orElse("application/json");
    String retryAfter =
        answer
            .headers()
            .firstValue("Retry-After")
            .map(v -> "Retry-After: " + v + "\r\n")
            .orElse("");
    return response(answer.statusCode(), retryAfter, answer.body(), type);
  }

  private static PushRequest decode(byte[] body) {
    try {
      return WireJson.decode(body, PushRequest.class);
    } catch (WireFormatException e) {
      return null;
    }
  }

  private static byte[] error(int status, String headers, String reason) {
    String json = "{\"error\":\"" + reason + "\",\"field\":\"$\"}";
    return response(status, headers, json.getBytes(StandardCharsets.UTF_8), "application/json");
  }

  private static byte[] response(int status, String headers, byte[] body, String contentType) {
    String head =
        "HTTP/1.1 "
            + status
            + " Fault\r\n"
            + headers
            + "Content-Type: "
            + contentType
            + "\r\n"
            + "Content-Length: "
            + body.length
            + "\r\n"
            + "Connection: close\r\n\r\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** Reads one request's head and its Content-Length body; returns the body. */
  private static byte[] readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed in the request head");
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    int length = 0;
    for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    return in.readNBytes(length);
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket connection : open) {
      connection.close();
    }
    connections.shutdownNow();
  }
}
