package dev.neuronwatch.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.protocol.PushResponse;
import dev.neuronwatch.protocol.StepSample;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SteppedTrainingTest {
  private static final TrainingConfig SMALL =
      TrainingConfig.builder()
          .hiddenLayers(2)
          .width(8)
          .samples(200)
          .steps(40)
          .evalEvery(40)
          .build();

  @Test
  void stepsAreTheStepsOfTheWholeRun() {
    SteppedTraining stepped = SteppedTraining.start(SMALL, null);
    List<Double> losses = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      losses.add(stepped.step());
    }
    List<Double> expected = new ArrayList<>();
    Trainer.train(SMALL, null, null, (step, loss) -> expected.add(loss));
    assertThat(losses).isEqualTo(expected);
    assertThat(stepped.steps()).isEqualTo(40);
  }

  @Test
  void goesOnPastTheConfiguredStepsAndReportsToTheAgent() {
    List<StepSample> received = new CopyOnWriteArrayList<>();
    AgentConfig config =
        AgentConfig.builder()
            .run("stepped")
            .sampleEvery(10)
            .openingSteps(0)
            .sink(
                push -> {
                  received.addAll(push.samples());
                  return new PushResponse(push.samples().size(), List.of());
                })
            .build();
    try (NeuronwatchAgent agent = NeuronwatchAgent.start(config)) {
      SteppedTraining stepped = SteppedTraining.start(SMALL, agent);
      for (int i = 0; i < 100; i++) {
        assertThat(stepped.step()).isFinite();
      }
      stepped.finish();
    }
    assertThat(received)
        .extracting(StepSample::step)
        .containsExactly(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, 100L);
  }
}
