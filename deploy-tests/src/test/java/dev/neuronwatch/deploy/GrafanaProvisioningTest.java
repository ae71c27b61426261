package dev.neuronwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GrafanaProvisioningTest {
  private static final ComposeStack STACK = ComposeStack.read(RepoFiles.compose());
  private static final String PROVISIONING = "/etc/grafana/provisioning";

  @Test
  void datasourceHasTheUidTheDashboardsNameAndReachesThePrometheusService() {
    JsonNode datasources = Documents.yaml(RepoFiles.grafanaDatasources()).path("datasources");

    assertThat(datasources).hasSize(1);
    JsonNode prometheus = datasources.get(0);
    assertThat(prometheus.path("uid").asText()).isEqualTo(DashboardTest.PROVISIONED_UID);
    assertThat(prometheus.path("type").asText()).isEqualTo("prometheus");
    assertThat(prometheus.path("url").asText()).isEqualTo("http://prometheus:9090");
    assertThat(STACK.serviceNames()).contains("prometheus");
    assertThat(STACK.commandFlag("prometheus", "--web.listen-address")).hasValue(":9090");
  }

  @Test
  void grafanaMountsTheTestedProvisioningFiles() {
    assertThat(STACK.hostPath("grafana", PROVISIONING + "/datasources/prometheus.yml"))
        .hasValue(RepoFiles.grafanaDatasources());
    assertThat(STACK.hostPath("grafana", PROVISIONING + "/dashboards/neuronwatch.yml"))
        .hasValue(RepoFiles.grafanaDashboardProviders());
  }

  @Test
  void dashboardProviderPathHoldsEveryDashboardOfTheRepository() {
    JsonNode providers = Documents.yaml(RepoFiles.grafanaDashboardProviders()).path("providers");
    assertThat(providers).hasSize(1);
    String providerPath = providers.get(0).path("options").path("path").asText();

    for (Path dashboard : RepoFiles.dashboards()) {
      assertThat(STACK.hostPath("grafana", providerPath + "/" + dashboard.getFileName()))
          .as(dashboard.getFileName().toString())
          .hasValue(dashboard);
    }
  }

  @Test
  void homeDashboardIsAProvisionedDashboard() {
    String home =
        STACK
            .service("grafana")
            .path("environment")
            .path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")
            .asText();

    assertThat(STACK.hostPath("grafana", home)).isPresent().get().isIn(RepoFiles.dashboards());
  }
}
