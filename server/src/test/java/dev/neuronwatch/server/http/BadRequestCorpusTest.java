package dev.neuronwatch.server.http;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.push;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.TensorSummary;
import dev.neuronwatch.server.ServerConfig;
import dev.neuronwatch.server.testing.Promtool;
import dev.neuronwatch.server.testing.RequestCase;
import dev.neuronwatch.server.testing.Scrape;
import dev.neuronwatch.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the corpus under {@code src/test/resources/bad-requests} against a server with the default
 * limits (but no rate limit, which would otherwise refuse the corpus itself): every refusal is a
 * JSON 4xx naming the field and changes nothing but its rejection counter; the exposition stays
 * valid for promtool.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadRequestCorpusTest {
  private static final String REJECTED = "neuronwatch_ingest_rejected_total";

  private TestServer server;

  @BeforeAll
  void startWithAFiringAlert() {
    server = TestServer.start(ServerConfig.builder().rateLimit(0));
    // A run with layers, counters and a firing alert, so that "unchanged" means something.
    assertThat(
            server
                .push(
                    push(
                        "run-1",
                        step(
                            1,
                            layer("dense_0", 0, ActivationKind.RELU)
                                .gradient(0.5)
                                .output(new TensorSummary(60, 0.2, 0.1, -1, 1, 0.1, 4, 0))
                                .build())))
                .statusCode())
        .isEqualTo(200);
    assertThat(server.json("/api/v1/alerts?state=firing")).hasSize(1);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  static List<RequestCase> corpus() {
    return RequestCase.load("bad-requests");
  }

  @Test
  void theCorpusCoversRefusalsOfEveryKindAndSomeAcceptedCases() {
    List<RequestCase> cases = corpus();
    assertThat(cases).hasSizeGreaterThan(60);
    assertThat(cases.stream().map(RequestCase::status).collect(Collectors.toSet()))
        .contains(200, 400, 413, 415);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void answersAsTheManifestSaysAndARefusalChangesNothing(RequestCase request) {
    String metricsBefore = server.get("/metrics").body();
    String runsBefore = server.get("/api/v1/runs").body();

    HttpResponse<String> response =
        server.post("/api/v1/push", request.contentType(), request.body());

    if (request.gap() != null) {
      assertThat(response.statusCode()).as(response.body()).isLessThan(500);
      if (response.statusCode() == request.status()) {
        fail("the gap '%s' is closed: remove the gap line from %s.case", request.gap(), request);
      }
      abort("known gap: " + request.gap());
    }
    assertThat(response.statusCode()).as(response.body()).isEqualTo(request.status());
    String metricsAfter = server.get("/metrics").body();
    Promtool.assertValidExposition(metricsAfter);
    if (request.status() == 200) {
      assertThat(metricsAfter.lines()).containsAll(request.series());
      return;
    }
    assertThat(response.statusCode()).isBetween(400, 499);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode error = TestServer.json(response);
    assertThat(error.path("error").asText()).isNotBlank();
    assertThat(error.path("field").asText()).isEqualTo(request.field());

    assertThat(withoutRejections(metricsAfter)).isEqualTo(withoutRejections(metricsBefore));
    assertThat(server.get("/api/v1/runs").body()).isEqualTo(runsBefore);
    Scrape before = Scrape.parse(metricsBefore);
    Scrape after = Scrape.parse(metricsAfter);
    before
        .family(REJECTED)
        .forEach(
            (series, count) -> {
              boolean counted = series.equals(REJECTED + "{reason=\"" + request.reason() + "\"}");
              assertThat(after.value(series)).as(series).contains(count + (counted ? 1 : 0));
            });
    assertThat(before.family(REJECTED))
        .containsKey(REJECTED + "{reason=\"" + request.reason() + "\"}");
  }

  /** The training families but the rejection counter (the server's health changes anyway). */
  private static String withoutRejections(String exposition) {
    return exposition
        .lines()
        .filter(line -> line.replaceFirst("^# (HELP|TYPE) ", "").startsWith("neuronwatch_"))
        .filter(line -> !line.startsWith(REJECTED + "{"))
        .collect(Collectors.joining("\n"));
  }
}
