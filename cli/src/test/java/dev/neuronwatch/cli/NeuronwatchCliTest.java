package dev.neuronwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NeuronwatchCliTest {

  private record Result(int status, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = NeuronwatchCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(status, out.toString(), err.toString());
  }

  @Test
  void unknownFlagExitsTwoWithOneLineNamingIt() {
    Result result = run("train", "--widht", "3");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err().strip().lines()).hasSize(1);
    assertThat(result.err()).contains("--widht");
  }

  @Test
  void valueOfTheWrongTypeExitsTwoNamingTheFlag() {
    Result result = run("train", "--width", "wide");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err().strip().lines()).hasSize(1);
    assertThat(result.err()).contains("--width").contains("wide");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--width=0",
        "--layers=-1",
        "--lr=-0.1",
        "--activation=rectifier",
        "--init=lecun",
        "--optimizer=rmsprop",
        "--dataset=mnist",
        "--scenario=overfit",
        "--sample-every=0",
        "--batch=0",
        "--dropout=1.5",
        "--lr-schedule=step",
        "--lr-period=0",
        "--freeze-layer=3",
        "--freeze-layer=-1"
      })
  void outOfRangeTrainValueExitsTwoNamingTheFlag(String arg) {
    Result result = run("train", arg, "--server", "http://127.0.0.1:1");

    String flag = arg.substring(0, arg.indexOf('='));
    assertThat(result.status()).as(result.err()).isEqualTo(2);
    assertThat(result.err().strip().lines()).hasSize(1);
    assertThat(result.err()).contains(flag);
  }

  @Test
  void serverRejectsAnOutOfRangePortNamingTheFlag() {
    Result result = run("server", "--port", "70000");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).contains("--port");
  }

  @ParameterizedTest
  @ValueSource(strings = {"train", "server", "demo", "rules"})
  void helpListsEveryFlagWithItsDefault(String command) {
    Result result = run(command, "--help");

    assertThat(result.status()).isZero();
    java.util.List<String> options = optionBlocks(result.out());
    assertThat(options).hasSizeGreaterThan(2);
    assertThat(options)
        .filteredOn(o -> !o.contains("--help") && !o.contains("--version"))
        .allSatisfy(o -> assertThat(o).contains("default"));
  }

  /** Each option's help text, wrapped lines joined: a block starts at a line beginning with '-'. */
  private static java.util.List<String> optionBlocks(String help) {
    java.util.List<String> blocks = new java.util.ArrayList<>();
    StringBuilder current = null;
    for (String line : help.lines().toList()) {
      String trimmed = line.trim();
      if (trimmed.startsWith("-")) {
        if (current != null) {
          blocks.add(current.toString());
        }
        current = new StringBuilder(trimmed);
      } else if (current != null && !trimmed.isEmpty() && line.startsWith(" ")) {
        current.append(' ').append(trimmed);
      }
    }
    if (current != null) {
      blocks.add(current.toString());
    }
    return blocks;
  }

  @Test
  void trainHelpListsEveryChoiceOfEachEnumeratedFlag() {
    String help = run("train", "--help").out().replaceAll("\\s+", " ");

    for (var kind : dev.neuronwatch.trainer.InitKind.values()) {
      assertThat(help).contains(kind.cliName());
    }
    for (var kind : dev.neuronwatch.trainer.DatasetKind.values()) {
      assertThat(help).contains(kind.cliName());
    }
    for (var kind : dev.neuronwatch.trainer.OptimizerKind.values()) {
      assertThat(help).contains(kind.cliName());
    }
    for (var scenario : dev.neuronwatch.trainer.scenario.Scenario.values()) {
      assertThat(help).contains(scenario.cliName());
    }
    for (var schedule : dev.neuronwatch.trainer.LearningRateSchedule.values()) {
      assertThat(help).contains(schedule.cliName());
    }
  }

  @Test
  void trainHelpShowsTheHealthyPresetDefaults() {
    String help = run("train", "--help").out().replaceAll("\\s+", " ");

    assertThat(help).contains("--scenario").contains("default: healthy");
    assertThat(help).contains("--server").contains("http://127.0.0.1:9750");
  }

  @Test
  void rulesPrintsTheCommittedRuleFileForTheDefaults() throws Exception {
    Result result = run("rules");

    java.nio.file.Path committed =
        java.nio.file.Path.of("..", "deploy", "prometheus", "rules", "neuronwatch-rules.yml");
    assertThat(result.status()).isZero();
    assertThat(result.out()).isEqualTo(java.nio.file.Files.readString(committed));
  }

  @Test
  void rulesUsesTheThresholdsOfTheConfigFile(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path config = dir.resolve("neuronwatch.yml");
    java.nio.file.Files.writeString(config, "rules:\n  deadUnitRatio: 0.75\n");

    Result result = run("rules", "--config", config.toString());

    assertThat(result.status()).isZero();
    assertThat(result.out())
        .contains("> 0.75")
        .doesNotContain("dead_units_ratio{activation=~\"relu|leaky_relu|prelu|elu\"} > 0.5");
  }

  @Test
  void rulesRejectsAConfigWithAnUnknownKeyNamingIt(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path config = dir.resolve("neuronwatch.yml");
    java.nio.file.Files.writeString(config, "rules:\n  deadUnitRatioo: 0.75\n");

    Result result = run("rules", "--config", config.toString());

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).contains("--config").contains("deadUnitRatioo");
  }

  @Test
  void rulesPointsTheRunbookLinksWhereTheUserSays() {
    Result result = run("rules", "--runbook-base", "https://wiki.example.org/neuronwatch#");

    assertThat(result.status()).isZero();
    assertThat(result.out())
        .contains("runbook_url: https://wiki.example.org/neuronwatch#alert-neuronwatchdyingrelu")
        .doesNotContain("github.com");
  }

  @Test
  void rulesRejectsARunbookBaseWithSpaces() {
    Result result = run("rules", "--runbook-base", "not a url");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).contains("--runbook-base");
  }

  @Test
  void trainWithoutAgentNeedsNoServerAndSendsNothing() {
    // Port 1 refuses connections: an agent would fail every push and report samples undelivered.
    Result result =
        run("train", "--no-agent", "--steps", "30", "--server", "http://127.0.0.1:1", "--json");

    assertThat(result.status()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("no agent")
        .contains("finished after 30 steps")
        .contains("ms per step")
        .doesNotContain("NOT DELIVERED")
        .contains("\"samplesTaken\":0")
        .contains("\"delivered\":true");
  }
}
