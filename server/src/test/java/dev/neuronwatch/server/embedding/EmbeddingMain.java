package dev.neuronwatch.server.embedding;

import dev.neuronwatch.server.NeuronwatchServer;
import dev.neuronwatch.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A program that embeds the server as another project would: starts it on a free loopback port,
 * reads its page and its health once, prints what it got and stops it. {@link EmbeddedServerTest}
 * runs it on the server's own runtime class path only.
 *
 * <pre>{@code
 * java -cp server/target/classes:server/target/test-classes:$(cat server/target/embedder.classpath) \
 *     dev.neuronwatch.server.embedding.EmbeddingMain
 * }</pre>
 */
public final class EmbeddingMain {
  private EmbeddingMain() {}

  public static void main(String[] args) throws Exception {
    try (NeuronwatchServer server =
        NeuronwatchServer.create(ServerConfig.builder().host("127.0.0.1").port(0).build())) {
      server.start();
      HttpClient client = HttpClient.newHttpClient();
      for (String path : new String[] {"/", "/health"}) {
        URI uri = server.uri().resolve(path);
        HttpResponse<String> response =
            client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        System.out.println("GET " + path + " " + response.statusCode());
      }
    }
  }
}
