package dev.neuronwatch.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.WireFormatException;
import dev.neuronwatch.protocol.WireJson;
import dev.neuronwatch.server.ServerConfig;
import dev.neuronwatch.server.testing.ByteMutator;
import dev.neuronwatch.server.testing.Promtool;
import dev.neuronwatch.server.testing.RandomPushes;
import dev.neuronwatch.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of decoding and ingest: valid pushes, mutated byte-wise. Each case derives from
 * its own seed, {@code base + i}; a failure names it. Rerun one with {@code
 * -Dneuronwatch.fuzz.seed=<seed> -Dneuronwatch.fuzz.cases=1}.
 */
class IngestFuzzTest {
  private static final long BASE_SEED = Long.getLong("neuronwatch.fuzz.seed", 20_261_128L);
  private static final int HTTP_CASES = Integer.getInteger("neuronwatch.fuzz.cases", 3000);
  private static final int DECODE_CASES = 3 * HTTP_CASES;

  /** The body of case {@code seed}: a valid push of a seed-derived run, mutated. */
  private static byte[] body(long seed) {
    Random random = new Random(seed);
    PushRequest valid = RandomPushes.push(random, "fuzz-" + (seed % 50));
    return ByteMutator.mutate(random, WireJson.encode(valid));
  }

  @Test
  void decodingMutatedPushesThrowsNothingButWireFormatException() {
    int refused = 0;
    for (int i = 0; i < DECODE_CASES; i++) {
      long seed = BASE_SEED + i;
      byte[] body = body(seed);
      try {
        WireJson.decode(body, PushRequest.class);
      } catch (WireFormatException e) {
        refused++;
        assertThat(e.field()).as("seed %d", seed).isNotBlank();
      } catch (RuntimeException | Error e) {
        throw new AssertionError(
            "seed " + seed + ": " + e + " decoding " + new String(body, StandardCharsets.UTF_8), e);
      }
    }
    // A fuzzer whose mutations all decode would test nothing.
    assertThat(refused).isGreaterThan(DECODE_CASES / 2);
  }

  @Test
  void theServerAnswersMutatedPushesWith200Or4xxNever5xx() {
    int accepted = 0;
    try (TestServer server = TestServer.start(ServerConfig.builder().rateLimit(0))) {
      for (int i = 0; i < HTTP_CASES; i++) {
        long seed = BASE_SEED + i;
        byte[] body = body(seed);
        HttpResponse<String> response = server.post("/api/v1/push", "application/json", body);
        int status = response.statusCode();
        if (status == 200) {
          accepted++;
        } else if (status < 400 || status >= 500) {
          fail(
              "seed %d: status %d (%s) for %s",
              seed, status, response.body(), new String(body, StandardCharsets.UTF_8));
        } else {
          assertThat(TestServer.json(response).path("field").asText())
              .as("seed %d: %s", seed, response.body())
              .isNotBlank();
        }
      }
      assertThat(server.get("/health").statusCode()).isEqualTo(200);
      Promtool.assertValidExposition(server.get("/metrics").body());
    }
    // Some mutations (inside a number, say) leave a valid push: both paths are exercised.
    assertThat(accepted).isPositive().isLessThan(HTTP_CASES);
  }
}
