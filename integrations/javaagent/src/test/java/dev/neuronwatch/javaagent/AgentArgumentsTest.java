package dev.neuronwatch.javaagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentArgumentsTest {

  @Test
  void readsEveryOptionAndTheTokenFromTheEnvironment() {
    AgentArguments args =
        AgentArguments.parse(
            "server=http://10.0.0.5:9750,run=mnist-3,sampleEvery=25",
            Map.of("NEURONWATCH_TOKEN", "s3cret"));
    assertThat(args.server()).isEqualTo(URI.create("http://10.0.0.5:9750"));
    assertThat(args.run()).isEqualTo("mnist-3");
    assertThat(args.sampleEvery()).isEqualTo(25);
    assertThat(args.token()).isEqualTo("s3cret");
  }

  @Test
  void noArgumentsMeanTheDefaults() {
    AgentArguments args = AgentArguments.parse(null, Map.of());
    assertThat(args.server()).isEqualTo(URI.create("http://127.0.0.1:9750"));
    assertThat(args.run()).isEqualTo("dl4j");
    assertThat(args.sampleEvery()).isEqualTo(10);
    assertThat(args.token()).isNull();
  }

  @Test
  void rejectsUnknownOptionNamingTheKnownOnes() {
    assertThatThrownBy(() -> AgentArguments.parse("run=a,sampleevery=5", Map.of()))
        .hasMessage("unknown option 'sampleevery' (options: server, run, sampleEvery)");
  }

  @Test
  void refusesATokenArgument() {
    assertThatThrownBy(() -> AgentArguments.parse("token=abc", Map.of()))
        .hasMessageContaining("NEURONWATCH_TOKEN");
  }

  @Test
  void rejectsBadValuesNamingTheOption() {
    assertThatThrownBy(() -> AgentArguments.parse("sampleEvery=0", Map.of()))
        .hasMessageContaining("sampleEvery must be a positive whole number, was '0'");
    assertThatThrownBy(() -> AgentArguments.parse("server=localhost:9750", Map.of()))
        .hasMessageContaining("server must be an http(s) URL");
    assertThatThrownBy(() -> AgentArguments.parse("run=a,run=b", Map.of()))
        .hasMessage("option 'run' is given twice");
    assertThatThrownBy(() -> AgentArguments.parse("run", Map.of()))
        .hasMessageContaining("expected key=value");
  }
}
