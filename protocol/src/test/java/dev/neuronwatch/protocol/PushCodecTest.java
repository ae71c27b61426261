package dev.neuronwatch.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushCodecTest {

  private static WireError error(String body) {
    DecodedPush decoded = PushCodec.decode(body.getBytes(StandardCharsets.UTF_8));
    assertThat(decoded).as(body).isInstanceOf(DecodedPush.Invalid.class);
    return ((DecodedPush.Invalid) decoded).error();
  }

  private static StepSample sample(long step) {
    return new StepSample(step, 1_700_000_000_000L, 0.5, false, List.of());
  }

  @Test
  void decodesWhatItEncodes() {
    PushRequest push = new PushRequest("run-1", List.of(sample(1), sample(2)), null, true, "a2");

    DecodedPush decoded = PushCodec.decode(PushCodec.encode(push));

    assertThat(decoded).isEqualTo(new DecodedPush.Valid(push));
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
  void aStepBeyondTwoToTheFiftyThirdIsRefusedByTheRecordItself() {
    String body =
        "{\"run\":\"r\",\"samples\":[{\"step\":%d,\"timeMillis\":1,\"lossNonFinite\":false,"
            + "\"layers\":[]}],\"finished\":false}";

    WireError error = error(String.format(body, Protocol.MAX_STEP + 1));

    assertThat(error.kind()).isEqualTo(WireError.Kind.FIELD);
    assertThat(error.field()).isEqualTo("samples[0].step");
    assertThat(error.reason()).contains("at most 2^53");
    assertThat(
            PushCodec.decode(
                String.format(body, Protocol.MAX_STEP).getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(DecodedPush.Valid.class);
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
