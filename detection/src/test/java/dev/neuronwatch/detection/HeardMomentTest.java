package dev.neuronwatch.detection;

import static dev.neuronwatch.detection.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.protocol.StepSample;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeardMomentTest {
  private static final List<StepSample> EVERY_TENTH =
      List.of(step(10, 1.0), step(20, 1.0), step(30, 1.0));

  @Test
  void boundsTheStepBetweenTheLastTakenSampleAndTheNext() {
    HeardMoment moment =
        HeardMoment.of(new HeardAlert("R", "dense_0", 5, 2), EVERY_TENTH, 10, 35, false);

    assertThat(moment.stepLow()).isEqualTo(20);
    assertThat(moment.stepHigh()).isEqualTo(29);
  }

  @Test
  void afterTheLastSampleTheUpperBoundIsTheLastStep() {
    HeardMoment moment =
        HeardMoment.of(new HeardAlert("R", "dense_0", 5, 3), EVERY_TENTH, 10, 35, false);

    assertThat(moment.stepLow()).isEqualTo(30);
    assertThat(moment.stepHigh()).isEqualTo(35);
  }

  @Test
  void sampledEveryStepTheBoundsMeet() {
    List<StepSample> every = List.of(step(1, 1.0), step(2, 1.0), step(3, 1.0));

    HeardMoment moment = HeardMoment.of(new HeardAlert("R", "", 5, 2), every, 1, 3, false);

    assertThat(moment.stepLow()).isEqualTo(2);
    assertThat(moment.stepHigh()).isEqualTo(2);
  }

  @Test
  void withDroppedSamplesFallsBackToTheSamplingGrid() {
    HeardMoment moment =
        HeardMoment.of(new HeardAlert("R", "", 5, 2), List.of(step(10, 1.0)), 10, 100, true);

    assertThat(moment.stepLow()).isEqualTo(20);
    assertThat(moment.stepHigh()).isEqualTo(29);
  }

  @Test
  void theGridEstimateNeverPassesTheLastStep() {
    HeardMoment moment =
        HeardMoment.of(new HeardAlert("R", "", 5, 1017), List.of(step(10, 1.0)), 10, 1500, true);

    assertThat(moment.stepLow()).isEqualTo(1500);
    assertThat(moment.stepHigh()).isEqualTo(1500);
  }
}
