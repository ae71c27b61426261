package dev.neuronwatch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the chat bridge or incident tool of alertmanager.yml: a loopback HTTP endpoint that
 * keeps every notification Alertmanager posts (its standard webhook JSON) for the test to inspect.
 *
 * <pre>{@code
 * try (WebhookReceiver receiver = WebhookReceiver.start()) {
 *   AlertmanagerStage.stage(committed, dir, receiver.url().toString());
 *   ...
 *   List<JsonNode> notifications = receiver.notifications();
 * }
 * }</pre>
 */
final class WebhookReceiver implements AutoCloseable {
  static final String PATH = "/neuronwatch";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<JsonNode> notifications = new CopyOnWriteArrayList<>();

  private WebhookReceiver(HttpServer server) {
    this.server = server;
  }

  static WebhookReceiver start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      WebhookReceiver receiver = new WebhookReceiver(server);
      server.createContext(PATH, receiver::receive);
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the webhook receiver", e);
    }
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
  }

  /** The notifications received so far, oldest first. */
  List<JsonNode> notifications() {
    return List.copyOf(notifications);
  }

  private void receive(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream body = exchange.getRequestBody()) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      notifications.add(JSON.readTree(body.readAllBytes()));
      exchange.sendResponseHeaders(200, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
