package dev.neuronwatch.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireJsonTest {

  private static PushRequest push() {
    TensorSummary output = new TensorSummary(8, 0.5, 0.25, 0, 1, 0.5, 0, 0);
    GradientSummary gradient = new GradientSummary(0.3, 0.01, 0.2, 1e-3, 0, 0);
    LayerSample layer =
        new LayerSample(
            "dense_0", 0, ActivationKind.RELU, 4, output, 0.25, null, gradient, 2.0, 1e-3);
    StepSample sample = new StepSample(10, 1_700_000_000_000L, 0.7, false, List.of(layer));
    return new PushRequest("run-1", List.of(sample), new AgentCounters(1, 0, 0, 0), false);
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void roundTripsAPush() throws Exception {
    PushRequest push = push();
    assertThat(WireJson.decode(WireJson.encode(push), PushRequest.class)).isEqualTo(push);
  }

  @Test
  void leavesAbsentOptionalFieldsOutOfTheJson() {
    assertThat(WireJson.encodeToString(push())).doesNotContain("saturationFraction");
  }

  @Test
  void namesTheNestedFieldAConstructorRejects() {
    String json = WireJson.encodeToString(push()).replace("\"mean\":0.5", "\"mean\":0.5,\"zz\":1");
    assertThatThrownBy(() -> WireJson.decode(bytes(json), PushRequest.class))
        .isInstanceOf(WireFormatException.class)
        .extracting(e -> ((WireFormatException) e).field())
        .isEqualTo("samples[0].layers[0].output.zz");

    String negative =
        WireJson.encodeToString(push()).replace("\"variance\":0.25", "\"variance\":-1");
    assertThatThrownBy(() -> WireJson.decode(bytes(negative), PushRequest.class))
        .isInstanceOf(WireFormatException.class)
        .extracting(e -> ((WireFormatException) e).field())
        .isEqualTo("samples[0].layers[0].output.variance");
  }

  @Test
  void rejectsAStringWhereANumberBelongs() {
    String json = WireJson.encodeToString(push()).replace("\"step\":10", "\"step\":\"ten\"");
    assertThatThrownBy(() -> WireJson.decode(bytes(json), PushRequest.class))
        .isInstanceOf(WireFormatException.class)
        .extracting(e -> ((WireFormatException) e).field())
        .isEqualTo("samples[0].step");
  }

  @Test
  void rejectsAnUnknownActivationNamingTheField() {
    String json = WireJson.encodeToString(push()).replace("\"relu\"", "\"rectifier\"");
    assertThatThrownBy(() -> WireJson.decode(bytes(json), PushRequest.class))
        .isInstanceOf(WireFormatException.class)
        .extracting(e -> ((WireFormatException) e).field())
        .isEqualTo("samples[0].layers[0].activation");
  }

  @Test
  void rejectsTruncatedJsonNamingWhereItStopped() {
    String json = WireJson.encodeToString(push());
    assertThatThrownBy(
            () -> WireJson.decode(bytes(json.substring(0, json.length() / 2)), PushRequest.class))
        .isInstanceOf(WireFormatException.class)
        .extracting(e -> ((WireFormatException) e).field())
        .isEqualTo("samples[0].layers[0].output");
  }

  @Test
  void rejectsDeepNesting() {
    String deep = "[".repeat(100) + "]".repeat(100);
    assertThatThrownBy(() -> WireJson.decode(bytes("{\"run\":" + deep + "}"), PushRequest.class))
        .isInstanceOf(WireFormatException.class);
  }

  @Test
  void rejectsARunNameWithANewline() {
    String json = WireJson.encodeToString(push()).replace("run-1", "run\\n1");
    assertThatThrownBy(() -> WireJson.decode(bytes(json), PushRequest.class))
        .isInstanceOf(WireFormatException.class)
        .extracting(e -> ((WireFormatException) e).field())
        .isEqualTo("run");
  }

  @Test
  void rejectsStepsThatDoNotIncrease() {
    PushRequest one = push();
    StepSample s = one.samples().get(0);
    assertThatThrownBy(() -> new PushRequest("r", List.of(s, s), null, false))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("samples[1].step");
  }

  @Test
  void rejectsANumberWhereTheRunNameBelongs() {
    String json = WireJson.encodeToString(push()).replace("\"run-1\"", "7");
    assertThatThrownBy(() -> WireJson.decode(bytes(json), PushRequest.class))
        .isInstanceOf(WireFormatException.class)
        .extracting(e -> ((WireFormatException) e).field())
        .isEqualTo("run");
  }

  @Test
  void rejectsAQuotedNumberWhereAStepBelongs() {
    String json = WireJson.encodeToString(push()).replace("\"step\":10", "\"step\":\"100\"");
    assertThatThrownBy(() -> WireJson.decode(bytes(json), PushRequest.class))
        .isInstanceOf(WireFormatException.class)
        .extracting(e -> ((WireFormatException) e).field())
        .isEqualTo("samples[0].step");
  }

  @Test
  void rejectsDuplicateKeys() {
    String json =
        WireJson.encodeToString(push())
            .replace("{\"run\":\"run-1\"", "{\"run\":\"a\",\"run\":\"run-1\"");
    assertThatThrownBy(() -> WireJson.decode(bytes(json), PushRequest.class))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("run");
  }

  @Test
  void stillReadsAnIntegerWhereADoubleBelongs() throws Exception {
    String json = WireJson.encodeToString(push()).replace("\"loss\":0.7", "\"loss\":1");
    assertThat(WireJson.decode(bytes(json), PushRequest.class).samples().get(0).loss())
        .isEqualTo(1.0);
  }
}
