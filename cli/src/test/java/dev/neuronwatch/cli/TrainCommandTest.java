package dev.neuronwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.trainer.LearningRateSchedule;
import dev.neuronwatch.trainer.TrainingConfig;
import dev.neuronwatch.trainer.scenario.Scenario;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TrainCommandTest {

  private static TrainingConfig configOf(String... args) {
    TrainCommand command = new TrainCommand();
    new CommandLine(command).parseArgs(args);
    return command.config();
  }

  @Test
  void scenarioPresetsCarryTheirScheduleAndFrozenLayer() {
    assertThat(configOf("--scenario", "loss-spike").toString())
        .isEqualTo(Scenario.LOSS_SPIKE.config().toString());
    assertThat(configOf("--scenario", "frozen-layer").frozenLayer()).hasValue(1);
    assertThat(configOf().frozenLayer()).isEmpty();
    assertThat(configOf().lrSchedule()).isEqualTo(LearningRateSchedule.CONSTANT);
  }

  @Test
  void theNewFlagsOverrideThePreset() {
    TrainingConfig config =
        configOf(
            "--scenario",
            "frozen-layer",
            "--freeze-layer",
            "2",
            "--lr-schedule",
            "cosine-restarts",
            "--lr-period",
            "50");
    assertThat(config.frozenLayer()).hasValue(2);
    assertThat(config.lrSchedule()).isEqualTo(LearningRateSchedule.COSINE_RESTARTS);
    assertThat(config.lrPeriod()).isEqualTo(50);
    assertThat(configOf("--scenario", "loss-spike", "--lr-schedule", "constant").lrSchedule())
        .isEqualTo(LearningRateSchedule.CONSTANT);
  }
}
