package dev.neuronwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.neuronwatch.agent.AgentStatus;
import dev.neuronwatch.protocol.WireJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code train} tells the user at the end, and how a training process logs. */
class TrainOutcomeTest {
  /** Nothing listens on port 1 of loopback: every push is refused at once. */
  private static final String UNREACHABLE = "http://127.0.0.1:1";

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void trainAgainstAnUnreachableServerSaysSoInTheSummaryAndTheJson() throws Exception {
    StringWriter out = new StringWriter();
    int status =
        NeuronwatchCli.run(
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter(), true),
            "train",
            "--steps",
            "40",
            "--server",
            UNREACHABLE,
            "--json");

    List<String> lines = out.toString().lines().toList();
    // Not one sample accepted: a failed run for a script or CI job.
    assertThat(status).isEqualTo(1);
    // The opening burst (steps 1-20), then steps 30 and 40.
    assertThat(out.toString())
        .contains("NOTHING DELIVERED: 22 of 22 samples never reached the server");
    JsonNode summary = JSON.readTree(lines.get(lines.size() - 1));
    assertThat(summary.get("delivered").asBoolean()).isFalse();
    assertThat(summary.get("undelivered").asLong()).isEqualTo(22);
    assertThat(summary.get("finalLoss").isNumber()).isTrue();
    assertThat(summary.get("finalLossNonFinite").asBoolean()).isFalse();
  }

  @Test
  void nonFiniteLossesAreJsonNullWithAFlag() throws Exception {
    TrainingReport diverged =
        new TrainingReport(
            "r",
            "exploding-gradients",
            80,
            Double.NaN,
            0.1,
            Double.POSITIVE_INFINITY,
            null,
            true,
            false,
            List.of(),
            new AgentStatus(8, 8, 0, 0, 0));

    JsonNode json = JSON.readTree(WireJson.encodeToString(diverged));

    assertThat(json.has("finalLoss")).isTrue();
    assertThat(json.get("finalLoss").isNull()).isTrue();
    assertThat(json.get("finalLossNonFinite").asBoolean()).isTrue();
    assertThat(json.get("validationLoss")).isNull(); // left out: no finite value to show
    assertThat(json.get("validationLossNonFinite").asBoolean()).isTrue();
    assertThat(json.get("delivered").asBoolean()).isTrue();
    assertThat(WireJson.encodeToString(diverged)).doesNotContain("NaN", "Infinity");
  }

  @Test
  void aTrainingProcessLogsOneReadableLinePerEvent(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("train.log");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                NeuronwatchCli.class.getName(),
                "train",
                "--steps",
                "20",
                "--server",
                UNREACHABLE)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);

    // The agent's warning about the undelivered samples, level, logger and message on one line.
    assertThat(lines)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("WARN")
                    .contains("PushLoop")
                    .contains("could not be delivered"));
    // And one saying that the server got nothing at all (20 steps: all in the opening burst).
    assertThat(lines)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("WARN")
                    .contains("none of the 20 samples taken reached the server"));
    // Never the JDK's two-line default ("Dec 01, 2026 10:16:04 AM class method" + "WARNING: ...").
    assertThat(lines).noneMatch(line -> line.matches("^[A-Z][a-z]{2} \\d{2}, \\d{4} .*"));
    assertThat(lines).noneMatch(line -> line.startsWith("WARNING: "));
  }
}
