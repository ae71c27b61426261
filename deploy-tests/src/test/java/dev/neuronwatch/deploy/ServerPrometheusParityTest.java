package dev.neuronwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.server.NeuronwatchServer;
import dev.neuronwatch.server.ServerConfig;
import dev.neuronwatch.server.rules.prometheus.PrometheusRuleFile;
import dev.neuronwatch.trainer.Trainer;
import dev.neuronwatch.trainer.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One definition, two evaluators: real training runs (every built-in scenario, the healthy one
 * included) push through the agent to the real server, one sample at a time, and the run's exported
 * series are recorded after each sample. {@code promtool test rules} then evaluates the committed
 * rule file over exactly those series, one sample per evaluation interval, and the alerts that
 * fired there must be the alerts the server fired: same names, same layers.
 *
 * <p>One sample per evaluation is the setting in which the two evaluators are meant to agree (the
 * server counts samples, Prometheus evaluations); the rule file's header lists how they differ
 * otherwise. NeuronwatchAgentStopped, which only Prometheus has, is left out, and so is
 * NeuronwatchLossSpike: the agent reports most spikes in layerless samples, which are not
 * evaluations here (see {@link SampleRecorder}), so Prometheus cannot see them; the promtool unit
 * tests check its expression.
 */
class ServerPrometheusParityTest {
  private static final Pattern FAILED_ALERT = Pattern.compile("alertname: (\\w+), time: \\S+,");
  private static final Pattern LABELS = Pattern.compile("Labels:\\{([^}]*)\\}");
  private static final Pattern LAYER = Pattern.compile("layer=\"([^\"]*)\"");
  private static final String LOSS_SPIKE = "NeuronwatchLossSpike";
  private static final Pattern ALERTNAME = Pattern.compile("alertname=\"([^\"]*)\"");

  private static NeuronwatchServer server;

  @BeforeAll
  static void startServer() {
    server = NeuronwatchServer.create(ServerConfig.builder().port(0).build()).start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Scenario.class,
      names = {
        "HEALTHY",
        "DYING_RELU",
        "VANISHING_GRADIENTS",
        "EXPLODING_GRADIENTS",
        "SATURATION",
        "LOSS_SPIKE",
        "FROZEN_LAYER"
      })
  void prometheusRaisesTheAlertsTheServerRaisedFromTheSameSeries(Scenario scenario)
      throws IOException {
    String run = "parity-" + scenario.cliName();
    SampleRecorder recorder = new SampleRecorder(server.uri(), run);
    NeuronwatchAgent agent =
        NeuronwatchAgent.start(
            AgentConfig.builder()
                .run(run)
                .sink(recorder)
                .sampleEvery(10)
                .flushInterval(Duration.ofMillis(100))
                .build());
    try {
      Trainer.train(scenario.config(), agent, null);
    } finally {
      agent.close();
    }
    List<Map<String, String>> scrapes = recorder.scrapes();
    assertThat(scrapes).as("samples of %s", run).isNotEmpty();

    Set<String> serverFired = serverFired(run, false);
    Set<String> prometheusFired = prometheusFired(run, scrapes);

    assertThat(prometheusFired)
        .as("alerts promtool fired over the %d recorded samples of %s", scrapes.size(), run)
        .isEqualTo(serverFired);
    if (scenario == Scenario.HEALTHY) {
      assertThat(serverFired).as("a healthy run raises nothing").isEmpty();
    } else {
      assertThat(serverFired(run, true)).as("a pathology raises its alert").isNotEmpty();
    }
  }

  /** {@code alertname/layer} of every alert of the run that fired on the server. */
  private static Set<String> serverFired(String run, boolean withLossSpike) {
    Set<String> fired = new TreeSet<>();
    for (JsonNode alert : JsonHttp.json(server.uri().resolve("/api/v1/alerts?run=" + run))) {
      if (!alert.path("state").asText().equals("pending")
          && (withLossSpike || !alert.path("name").asText().equals(LOSS_SPIKE))) {
        fired.add(alert.path("name").asText() + "/" + alert.path("layer").asText());
      }
    }
    return fired;
  }

  /** {@code alertname/layer} of every alert promtool fired at any evaluation. */
  private static Set<String> prometheusFired(String run, List<Map<String, String>> scrapes)
      throws IOException {
    // Kept under target/ so that a failure can be replayed with promtool by hand.
    Path dir = Files.createDirectories(Path.of("target", "parity", run));
    Files.copy(
        RepoFiles.rules(),
        dir.resolve("neuronwatch-rules.yml"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(dir.resolve("parity.test.yml"), testFile(scrapes));
    ExternalTool.Run result = ExternalTool.PROMTOOL.run(dir, "test", "rules", "parity.test.yml");
    Set<String> fired = new TreeSet<>();
    if (result.exitCode() == 0) {
      return fired;
    }
    assertThat(result.output()).as("promtool output").contains("got:[");
    for (String failure : result.output().split("\n\\s*name: ")) {
      Matcher alert = FAILED_ALERT.matcher(failure);
      if (!alert.find()) {
        continue;
      }
      String got = failure.substring(failure.indexOf("got:["));
      Matcher labels = LABELS.matcher(got);
      while (labels.find()) {
        Matcher name = ALERTNAME.matcher(labels.group(1));
        Matcher layer = LAYER.matcher(labels.group(1));
        name.find();
        fired.add(name.group(1) + "/" + (layer.find() ? layer.group(1) : ""));
      }
    }
    return fired;
  }

  /**
   * A promtool test: the recorded series, sample i at {@code i} evaluation intervals ({@code _}
   * before a series exists, {@code stale} once it is gone), and at every evaluation the expectation
   * that no alert fires, so that promtool lists every alert that does.
   */
  private static String testFile(List<Map<String, String>> scrapes) {
    Set<String> names = new LinkedHashSet<>();
    scrapes.forEach(scrape -> names.addAll(scrape.keySet()));
    long interval = PrometheusRuleFile.EVALUATION_INTERVAL.getSeconds();
    StringBuilder yaml = new StringBuilder();
    yaml.append("rule_files:\n  - neuronwatch-rules.yml\n");
    yaml.append("evaluation_interval: ").append(interval).append("s\n");
    yaml.append("tests:\n  - interval: ").append(interval).append("s\n    input_series:\n");
    for (String series : names) {
      List<String> values = new ArrayList<>(scrapes.size());
      boolean seen = false;
      for (Map<String, String> scrape : scrapes) {
        String value = scrape.get(series);
        seen |= value != null;
        values.add(value != null ? value : seen ? "stale" : "_");
      }
      yaml.append("      - series: '").append(series).append("'\n");
      yaml.append("        values: '").append(String.join(" ", values)).append("'\n");
    }
    yaml.append("    alert_rule_test:\n");
    for (int i = 0; i < scrapes.size(); i++) {
      for (String alert :
          PrometheusRuleFile.alertNames(dev.neuronwatch.server.rules.RuleSettings.defaults())) {
        if (alert.equals(PrometheusRuleFile.AGENT_STOPPED) || alert.equals(LOSS_SPIKE)) {
          continue;
        }
        yaml.append("      - eval_time: ").append(i * interval).append("s\n");
        yaml.append("        alertname: ").append(alert).append('\n');
        yaml.append("        exp_alerts: []\n");
      }
    }
    return yaml.toString();
  }
}
