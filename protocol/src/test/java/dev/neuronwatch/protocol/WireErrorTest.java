package dev.neuronwatch.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WireErrorTest {

  private static WireError error(String body) {
    Throwable thrown =
        catchThrowable(
            () -> WireJson.decode(body.getBytes(StandardCharsets.UTF_8), PushRequest.class));
    assertThat(thrown).as(body).isInstanceOf(WireFormatException.class);
    return ((WireFormatException) thrown).error();
  }

  @Test
  void aBadLiteralIsASyntaxErrorBlamedOnTheFieldItStandsFor() {
    assertThat(error("{\"run\":\"r\",\"samples\":[{\"step\":1,\"loss\":NaN}]}"))
        .extracting(WireError::kind, WireError::field)
        .containsExactly(WireError.Kind.SYNTAX, "samples[0].loss");
  }

  @Test
  void otherSyntaxErrorsKeepTheDecodersPath() {
    WireError missingComma = error("{\"run\":\"r\" \"samples\":[]}");
    assertThat(missingComma.kind()).isEqualTo(WireError.Kind.SYNTAX);
    assertThat(missingComma.field()).isEqualTo("$");

    WireError trailing = error("{\"run\":\"r\",\"samples\":[],\"finished\":false} x");
    assertThat(trailing)
        .extracting(WireError::kind, WireError::field)
        .containsExactly(WireError.Kind.SYNTAX, "$");
  }

  @Test
  void emptyAndNullBodiesAreTheSyntaxsFault() {
    assertThat(error("").kind()).isEqualTo(WireError.Kind.SYNTAX);
    assertThat(error("null").kind()).isEqualTo(WireError.Kind.SYNTAX);
  }

  @Test
  void aNumberOutOfItsFieldsRangeIsTheFieldsFault() {
    assertThat(error("{\"run\":\"r\",\"samples\":[{\"step\":99999999999999999999}]}"))
        .extracting(WireError::kind, WireError::field)
        .containsExactly(WireError.Kind.FIELD, "samples[0].step");
  }

  @Test
  void aStepBeyondTwoToTheFiftyThirdIsRefusedByTheRecordItself() throws Exception {
    String body =
        "{\"run\":\"r\",\"samples\":[{\"step\":%d,\"timeMillis\":1,\"lossNonFinite\":false,"
            + "\"layers\":[]}],\"finished\":false}";

    WireError error = error(String.format(body, Protocol.MAX_STEP + 1));

    assertThat(error.kind()).isEqualTo(WireError.Kind.FIELD);
    assertThat(error.field()).isEqualTo("samples[0].step");
    assertThat(error.reason()).contains("at most 2^53");
    assertThat(
            WireJson.decode(
                    String.format(body, Protocol.MAX_STEP).getBytes(StandardCharsets.UTF_8),
                    PushRequest.class)
                .samples())
        .extracting(StepSample::step)
        .containsExactly(Protocol.MAX_STEP);
  }

  @Test
  void anUnknownFieldIsNamed() {
    assertThat(error("{\"run\":\"r\",\"samples\":[],\"finished\":false,\"zz\":1}"))
        .extracting(WireError::kind, WireError::field)
        .containsExactly(WireError.Kind.FIELD, "zz");
  }

  @Test
  void aFieldWithAnEmptyNameStillGetsAPath() {
    assertThat(error("{\"\" r}").field()).isEqualTo("$");
    assertThat(error("{\"\":NaN}").field()).isEqualTo("$");
  }
}
