package dev.neuronwatch.agent.push;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.PushResponse;
import dev.neuronwatch.protocol.WireFormatException;
import dev.neuronwatch.protocol.WireJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A scripted HTTP server for tests, in the manner of OkHttp's MockWebServer: enqueue answers, run
 * the code under test, then inspect the recorded requests. When the script runs out it answers 200
 * with a {@link PushResponse} accepting every sample of the request. Listens on an ephemeral
 * loopback port; close it in a finally block or try-with-resources.
 *
 * <pre>{@code
 * try (ScriptedServer server = new ScriptedServer()) {
 *   server.enqueue(Answer.status(503));
 *   // ... run an agent against server.uri() ...
 *   assertThat(server.acceptedSteps()).containsExactly(0L, 10L);
 * }
 * }</pre>
 */
public final class ScriptedServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final ConcurrentLinkedQueue<Function<byte[], Answer>> script =
      new ConcurrentLinkedQueue<>();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();

  /** One recorded request. */
  public record Recorded(
      String method,
      String path,
      String contentType,
      String authorization,
      byte[] body,
      long arrivedNanos,
      int answeredStatus) {

    public PushRequest push() throws WireFormatException {
      return WireJson.decode(body, PushRequest.class);
    }
  }

  /** One scripted answer; {@code delay} holds the handler before it answers. */
  public record Answer(int status, Map<String, String> headers, byte[] body, Duration delay) {

    public static Answer json(int status, String json) {
      return new Answer(
          status,
          Map.of("Content-Type", "application/json"),
          json.getBytes(StandardCharsets.UTF_8),
          Duration.ZERO);
    }

    public static Answer status(int status) {
      return new Answer(status, Map.of(), new byte[0], Duration.ZERO);
    }

    public static Answer response(PushResponse response) {
      Map<String, String> json = Map.of("Content-Type", "application/json");
      return new Answer(200, json, WireJson.encode(response), Duration.ZERO);
    }

    public Answer withHeader(String name, String value) {
      Map<String, String> more = new HashMap<>(headers);
      more.put(name, value);
      return new Answer(status, Map.copyOf(more), body, delay);
    }

    public Answer after(Duration wait) {
      return new Answer(status, headers, body, wait);
    }
  }

  public ScriptedServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** A loopback URI on a port that was free a moment ago, so connecting to it is refused. */
  public static URI unusedUri() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
  }

  /** The base URI, {@code http://127.0.0.1:<port>}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public ScriptedServer enqueue(Answer answer) {
    script.add(body -> answer);
    return this;
  }

  /** Answers the next request with a function of its body. */
  public ScriptedServer enqueue(Function<byte[], Answer> answer) {
    script.add(answer);
    return this;
  }

  public List<Recorded> requests() {
    return new ArrayList<>(requests);
  }

  /** The steps of every sample in requests answered 200, in arrival order. */
  public List<Long> acceptedSteps() throws WireFormatException {
    List<Long> steps = new ArrayList<>();
    for (Recorded recorded : requests) {
      if (recorded.answeredStatus() == 200) {
        recorded.push().samples().forEach(s -> steps.add(s.step()));
      }
    }
    return steps;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      long arrived = System.nanoTime();
      Function<byte[], Answer> next = script.poll();
      Answer answer = next == null ? acceptAll(body) : next.apply(body);
      requests.add(
          new Recorded(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              exchange.getRequestHeaders().getFirst("Content-Type"),
              exchange.getRequestHeaders().getFirst("Authorization"),
              body,
              arrived,
              answer.status()));
      if (!answer.delay().isZero()) {
        try {
          Thread.sleep(answer.delay().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      int length = answer.body().length;
      exchange.sendResponseHeaders(answer.status(), length == 0 ? -1 : length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer.body());
      }
    }
  }

  private static Answer acceptAll(byte[] body) {
    try {
      PushRequest push = WireJson.decode(body, PushRequest.class);
      return Answer.response(new PushResponse(push.samples().size(), List.of()));
    } catch (WireFormatException e) {
      return Answer.json(400, "{\"error\":\"" + e.reason() + "\",\"field\":\"" + e.field() + "\"}");
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
