package dev.neuronwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuronwatch.protocol.PushResponse;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

  @Test
  void documentsItsDefaults() {
    AgentConfig config = AgentConfig.builder().run("mnist-7").build();

    assertThat(config.run()).isEqualTo("mnist-7");
    assertThat(config.serverUri()).isEqualTo(URI.create("http://127.0.0.1:9750"));
    assertThat(config.sampleEvery()).isEqualTo(10);
    assertThat(config.saturationEpsilon()).isEqualTo(0.01);
    assertThat(config.lossWindow()).isEqualTo(128);
    assertThat(config.burstSteps()).isEqualTo(20);
    assertThat(config.queueCapacity()).isEqualTo(256);
    assertThat(config.maxSamplesPerPush()).isEqualTo(128);
    assertThat(config.flushInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.closeTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.sink()).isEmpty();
    assertThat(config.alertListener()).isNotNull();
  }

  @Test
  void keepsWhatWasSet() {
    SampleSink sink = request -> new PushResponse(0, List.of());
    AlertListener listener = firing -> {};

    AgentConfig config =
        AgentConfig.builder()
            .run("r")
            .serverUri(URI.create("https://nw.example:8443"))
            .sampleEvery(1)
            .saturationEpsilon(0.05)
            .lossWindow(500)
            .burstSteps(0)
            .queueCapacity(8)
            .maxSamplesPerPush(4)
            .flushInterval(Duration.ofMillis(100))
            .requestTimeout(Duration.ofMillis(300))
            .connectTimeout(Duration.ofMillis(200))
            .maxBackoff(Duration.ofSeconds(3))
            .closeTimeout(Duration.ofMillis(700))
            .alertListener(listener)
            .sink(sink)
            .build();

    assertThat(config.serverUri()).isEqualTo(URI.create("https://nw.example:8443"));
    assertThat(config.sampleEvery()).isEqualTo(1);
    assertThat(config.saturationEpsilon()).isEqualTo(0.05);
    assertThat(config.lossWindow()).isEqualTo(500);
    assertThat(config.burstSteps()).isZero();
    assertThat(config.queueCapacity()).isEqualTo(8);
    assertThat(config.maxSamplesPerPush()).isEqualTo(4);
    assertThat(config.flushInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofMillis(300));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(200));
    assertThat(config.maxBackoff()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.closeTimeout()).isEqualTo(Duration.ofMillis(700));
    assertThat(config.alertListener()).isSameAs(listener);
    assertThat(config.sink()).containsSame(sink);
  }

  @Test
  void defaultsAreTheNamedConstants() {
    AgentConfig config = AgentConfig.builder().run("r").build();

    assertThat(config.serverUri()).isEqualTo(URI.create(AgentConfig.DEFAULT_SERVER_URI));
    assertThat(config.sampleEvery()).isEqualTo(AgentConfig.DEFAULT_SAMPLE_EVERY);
    assertThat(config.openingSteps()).isEqualTo(AgentConfig.DEFAULT_OPENING_STEPS);
    assertThat(config.closeTimeout()).isEqualTo(AgentConfig.DEFAULT_CLOSE_TIMEOUT);
  }

  @Test
  void toBuilderKeepsEveryValue() {
    AgentConfig config =
        AgentConfig.builder()
            .run("r")
            .sampleEvery(3)
            .openingSteps(0)
            .maxBackoff(Duration.ofSeconds(4))
            .token("t0k3n")
            .attempt("2")
            .build();

    assertThat(config.toBuilder().build()).isEqualTo(config);
    assertThat(config.toBuilder().run("other").build().attempt()).contains("2");
  }

  @Test
  void aBadValueIsATypedErrorNamingTheSetting() {
    assertThatThrownBy(() -> AgentConfig.builder().run("r").sampleEvery(0).build())
        .isInstanceOfSatisfying(
            dev.neuronwatch.settings.InvalidSettingException.class,
            e -> assertThat(e.setting()).isEqualTo("sampleEvery"));
  }

  @Test
  void requiresAValidRunName() {
    assertThatThrownBy(() -> AgentConfig.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("run is required");
    assertThatThrownBy(() -> AgentConfig.builder().run("bad name").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("run 'bad name' must start with a letter or digit");
    assertThatThrownBy(() -> AgentConfig.builder().run("x".repeat(129)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the limit is 128");
  }

  @Test
  void rejectsBadValuesNamingTheField() {
    assertRejected(b -> b.serverUri(null), "serverUri");
    assertRejected(b -> b.serverUri(URI.create("/relative")), "serverUri");
    assertRejected(b -> b.serverUri(URI.create("ftp://host/")), "serverUri");
    assertRejected(b -> b.sampleEvery(0), "sampleEvery");
    assertRejected(b -> b.saturationEpsilon(0), "saturationEpsilon");
    assertRejected(b -> b.saturationEpsilon(0.5), "saturationEpsilon");
    assertRejected(b -> b.saturationEpsilon(Double.NaN), "saturationEpsilon");
    assertRejected(b -> b.queueCapacity(0), "queueCapacity");
    assertRejected(b -> b.maxSamplesPerPush(0), "maxSamplesPerPush");
    assertRejected(b -> b.maxSamplesPerPush(1025), "maxSamplesPerPush");
    assertRejected(b -> b.flushInterval(Duration.ZERO), "flushInterval");
    assertRejected(b -> b.requestTimeout(Duration.ofSeconds(-1)), "requestTimeout");
    assertRejected(b -> b.connectTimeout(null), "connectTimeout");
    assertRejected(b -> b.maxBackoff(Duration.ZERO), "maxBackoff");
    assertRejected(b -> b.closeTimeout(Duration.ZERO), "closeTimeout");
    assertRejected(b -> b.alertListener(null), "alertListener");
  }

  @Test
  void keepsTheTokenOutOfItsTextForm() {
    AgentConfig config = AgentConfig.builder().run("r").token("very-secret").build();

    assertThat(config.token()).contains("very-secret");
    assertThat(config.toString()).doesNotContain("very-secret");
    assertThat(AgentConfig.builder().run("r").build().token()).isEmpty();
  }

  @Test
  void rejectsATokenWithSpaces() {
    assertThatThrownBy(() -> AgentConfig.builder().run("r").token("two words").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("token");
  }

  private static void assertRejected(
      java.util.function.UnaryOperator<AgentConfig.Builder> change, String field) {
    AgentConfig.Builder builder = change.apply(AgentConfig.builder().run("r"));
    assertThatThrownBy(builder::build)
        .as(field)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(field + " ");
  }

  @Test
  void refusesALossWindowTooSmallForSpikesOrTooLargeForTheWireAndNegativeBursts() {
    assertThatThrownBy(() -> AgentConfig.builder().run("r").lossWindow(31).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lossWindow must be at least 32, was 31");
    assertThatThrownBy(() -> AgentConfig.builder().run("r").lossWindow(65537).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lossWindow must be at most 65536, was 65537");
    assertThatThrownBy(() -> AgentConfig.builder().run("r").burstSteps(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("burstSteps must be at least 0, was -1");
  }
}
