package dev.neuronwatch.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.server.testing.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class RoutingTest {

  @Test
  void anUnknownRouteIsA404InJson() {
    try (TestServer server = TestServer.start()) {
      HttpResponse<String> response = server.get("/api/v2/nothing");

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(TestServer.json(response).get("error").asText()).contains("/api/v2/nothing");
    }
  }

  @Test
  void aKnownRouteWithTheWrongMethodIsA405InJson() {
    try (TestServer server = TestServer.start()) {
      HttpResponse<String> get = server.get("/api/v1/push");
      HttpResponse<String> post = server.post("/metrics", "application/json", new byte[] {'{'});

      assertThat(get.statusCode()).isEqualTo(405);
      assertThat(TestServer.json(get).get("error").asText()).isNotBlank();
      assertThat(post.statusCode()).isEqualTo(405);
    }
  }

  @Test
  void healthIsOk() {
    try (TestServer server = TestServer.start()) {
      HttpResponse<String> response = server.get("/health");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
    }
  }
}
