package dev.neuronwatch.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessPolicyTest {

  @Test
  void describesWhichSideNeedsAToken() {
    assertThat(AccessPolicy.describe(ServerConfig.defaults()))
        .contains("writes (push, run deletion) are open")
        .contains("reads (/metrics, /api/v1/alerts, /api/v1/runs) are open");
    assertThat(AccessPolicy.describe(ServerConfig.builder().writeToken("w").build()))
        .contains("writes (push, run deletion) require the write token")
        .contains("are open");
    assertThat(AccessPolicy.describe(ServerConfig.builder().readToken("r").build()))
        .contains("reads (/metrics, /api/v1/alerts, /api/v1/runs) require the read token");
  }

  @Test
  void warnsOnlyWhenANonLoopbackAddressTakesWritesWithoutAToken() {
    assertThat(AccessPolicy.writesExposed(ServerConfig.defaults())).isFalse();
    assertThat(AccessPolicy.writesExposed(ServerConfig.builder().host("localhost").build()))
        .isFalse();
    assertThat(AccessPolicy.writesExposed(ServerConfig.builder().host("::1").build())).isFalse();
    ServerConfig everywhere = ServerConfig.builder().host("0.0.0.0").build();
    assertThat(AccessPolicy.writesExposed(everywhere)).isTrue();
    assertThat(AccessPolicy.exposureWarning(everywhere))
        .contains("anyone who can reach the port can push")
        .contains("NEURONWATCH_WRITE_TOKEN");
    assertThat(AccessPolicy.writesExposed(everywhere.toBuilder().writeToken("w").build()))
        .isFalse();
    assertThat(AccessPolicy.isLoopback("no-such-host.invalid")).isFalse();
  }
}
