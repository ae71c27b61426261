package dev.neuronwatch.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.model.PushRequest;
import dev.neuronwatch.model.WireFormatException;
import dev.neuronwatch.model.WireJson;
import dev.neuronwatch.server.metrics.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IngestControllerTest {

  private static WireFormatException failure(String body) {
    try {
      WireJson.decode(body.getBytes(StandardCharsets.UTF_8), PushRequest.class);
    } catch (WireFormatException e) {
      return e;
    }
    throw new AssertionError("decoded: " + body);
  }

  @Test
  void retryAfterIsWholeSecondsRoundedUpAndNeverZero() {
    assertThat(IngestController.retryAfter(Duration.ofNanos(1))).isEqualTo("1");
    assertThat(IngestController.retryAfter(Duration.ofMillis(1000))).isEqualTo("1");
    assertThat(IngestController.retryAfter(Duration.ofMillis(1001))).isEqualTo("2");
    assertThat(IngestController.retryAfter(Duration.ofSeconds(60))).isEqualTo("60");
  }

  @Test
  void aBadLiteralIsBlamedOnItsFieldWhileOtherSyntaxErrorsKeepTheDecodersPath() {
    WireFormatException nan = failure("{\"run\":\"r\",\"samples\":[{\"step\":1,\"loss\":NaN}]}");
    assertThat(IngestController.fieldOf(nan)).isEqualTo("samples[0].loss");
    assertThat(IngestController.reasonOf(nan)).isEqualTo(RejectionReason.INVALID_JSON);

    WireFormatException missingComma = failure("{\"run\":\"r\" \"samples\":[]}");
    assertThat(IngestController.fieldOf(missingComma)).isEqualTo(missingComma.field());

    WireFormatException trailing = failure("{\"run\":\"r\",\"samples\":[],\"finished\":false} x");
    assertThat(IngestController.fieldOf(trailing)).isEqualTo("$");
  }

  @Test
  void aNumberOutOfItsFieldsRangeIsTheFieldsFaultNotTheSyntaxs() {
    WireFormatException overflow =
        failure("{\"run\":\"r\",\"samples\":[{\"step\":99999999999999999999}]}");

    assertThat(IngestController.reasonOf(overflow)).isEqualTo(RejectionReason.INVALID_FIELD);
    assertThat(IngestController.fieldOf(overflow)).isEqualTo("samples[0].step");
  }
}
