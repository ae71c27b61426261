package dev.neuronwatch.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ServerHealthMetricsTest {

  @Test
  void exportsTheDocumentedJvmProcessAndHttpFamilies() throws Exception {
    try (TestServer server = TestServer.start()) {
      server.get("/api/v1/runs");
      System.gc(); // the GC pause family appears with the first collection it hears of
      Set<String> families = families(server);
      Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
      while (!families.contains("jvm_gc_pause_seconds") && Instant.now().isBefore(deadline)) {
        Thread.sleep(50);
        families = families(server);
      }

      List<String> health = documentedHealthFamilies();
      assertThat(health).contains("jvm_memory_used_bytes", "process_cpu_usage");
      assertThat(families).containsAll(health);
      // Nothing else but the training families and collector-specific GC families.
      assertThat(families)
          .allMatch(
              f -> f.startsWith("neuronwatch_") || f.startsWith("jvm_gc_") || health.contains(f));
    }
  }

  @Test
  void timesRequestsByRouteTemplateNeverByRawPath() {
    try (TestServer server = TestServer.start()) {
      server.get("/api/v1/runs/some-run/series?metric=loss");
      server.get("/api/v1/runs");
      server.get("/no/such/thing");

      String body = server.get("/metrics").body();

      assertThat(body)
          .contains(
              "http_server_requests_seconds_count{method=\"GET\",outcome=\"CLIENT_ERROR\","
                  + "status=\"404\",uri=\"/api/v1/runs/<run>/series\"} 1",
              "http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\","
                  + "status=\"200\",uri=\"/api/v1/runs\"} 1",
              "uri=\"NOT_FOUND\"")
          .doesNotContain("some-run", "/no/such/thing");
    }
  }

  private static Set<String> families(TestServer server) {
    return server
        .get("/metrics")
        .body()
        .lines()
        .filter(line -> line.startsWith("# TYPE "))
        .map(line -> line.split(" ")[2])
        .collect(Collectors.toSet());
  }

  private static List<String> documentedHealthFamilies() throws IOException {
    try (InputStream in =
        ServerHealthMetricsTest.class.getResourceAsStream("/metric-families.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .filter(family -> !family.startsWith("neuronwatch_"))
          .toList();
    }
  }
}
