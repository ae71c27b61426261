package dev.neuronwatch.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class NeuronwatchServerTest {

  @Test
  void portZeroBindsAFreeLoopbackPortAndServesHealth() throws Exception {
    try (NeuronwatchServer server =
        NeuronwatchServer.create(ServerConfig.builder().port(0).build()).start()) {
      assertThat(server.port()).isPositive();
      assertThat(server.uri()).isEqualTo(URI.create("http://127.0.0.1:" + server.port()));

      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(server.uri().resolve("/health")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
    }
  }

  @Test
  void aTakenPortFailsTheStartWithAnIllegalStateException() {
    try (NeuronwatchServer first =
        NeuronwatchServer.create(ServerConfig.builder().port(0).build()).start()) {
      NeuronwatchServer second =
          NeuronwatchServer.create(ServerConfig.builder().port(first.port()).build());
      try {
        assertThatThrownBy(second::start)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageStartingWith("cannot serve on 127.0.0.1:" + first.port());
      } finally {
        second.stop();
      }
    }
  }

  @Test
  void aServerStartsOnceAndStopsHarmlesslyMoreThanOnce() {
    NeuronwatchServer server = NeuronwatchServer.create(ServerConfig.builder().port(0).build());
    assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class);
    server.stop();

    server.start();
    try {
      assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    } finally {
      server.stop();
      server.stop();
    }
  }
}
