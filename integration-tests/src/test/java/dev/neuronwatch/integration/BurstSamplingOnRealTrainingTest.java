package dev.neuronwatch.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.AgentStatus;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.protocol.LossWindow;
import dev.neuronwatch.protocol.PushResponse;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.trainer.Trainer;
import dev.neuronwatch.trainer.TrainingResult;
import dev.neuronwatch.trainer.scenario.Scenario;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The agent's anomaly watch on the loss curves and gradients of real training runs of the reference
 * network, at the default sampling interval of 10 steps: on a healthy run only loss spikes start
 * bursts, and a diverging run bursts before its loss turns non-finite.
 */
class BurstSamplingOnRealTrainingTest {

  private final List<StepSample> delivered = new CopyOnWriteArrayList<>();

  private AgentStatus status;

  /** Trains the preset watched by an agent, then closes the agent and keeps its final status. */
  private TrainingResult trainAndClose(Scenario scenario, String run) {
    NeuronwatchAgent agent = start(run);
    try {
      return Trainer.train(scenario.config(), agent, null);
    } finally {
      agent.close();
      status = agent.status();
      Accounting.assertSettled(status);
    }
  }

  private NeuronwatchAgent start(String run) {
    return NeuronwatchAgent.start(
        AgentConfig.builder()
            .run(run)
            // The anomaly bursts are under test: no opening burst among them.
            .openingSteps(0)
            .queueCapacity(4096)
            .sink(
                request -> {
                  delivered.addAll(request.samples());
                  return new PushResponse(request.samples().size(), List.of());
                })
            .build());
  }

  /**
   * The healthy preset converges to a median minibatch loss near 0.005 whose minibatches now and
   * then cost 0.04 to 0.08 (a few hard points). Most of those stay under the spike trigger's
   * significance gate (a rise of a tenth of the run's loss scale, the median of its first 16
   * losses); the few that pass it are spikes and may start short bursts. Nothing else may: the
   * gradient-growth and non-finite watches stay quiet, and outside bursts only every tenth step is
   * sampled.
   */
  @Test
  void aHealthyRunBurstsOnlyAfterLossSpikesAndNeverForItsGradients() {
    TrainingResult result = trainAndClose(Scenario.HEALTHY, "healthy");
    assertThat(result.diverged()).isFalse();

    assertThat(status.samplesTaken()).isEqualTo(status.samplesPushed());
    // Every step whose loss is a spike is delivered (sampled, or sent alone as the anomaly), so
    // if nothing but spikes made anomalies, the two counts agree.
    long spikes = delivered.stream().filter(BurstSamplingOnRealTrainingTest::isSpike).count();
    assertThat(status.anomalies()).isEqualTo(spikes);
    assertThat(delivered)
        .filteredOn(sample -> sample.layers().isEmpty())
        .allSatisfy(sample -> assertThat(isSpike(sample)).isTrue());
    assertThat(status.bursts()).isLessThanOrEqualTo(spikes);
    StepSample last = delivered.get(delivered.size() - 1);
    assertThat(last.lossWindow().count()).isEqualTo(128);
    assertThat(last.lossWindow().median()).isLessThan(last.lossWindow().first() / 5);
  }

  /**
   * The spike trigger of the shared design, applied to a sample's loss and the window it carries.
   */
  private static boolean isSpike(StepSample sample) {
    LossWindow window = sample.lossWindow();
    if (window == null || sample.loss() == null) {
      return false;
    }
    double loss = sample.loss();
    return window.count() >= 32
        && loss > window.median() + 6 * 1.4826 * window.mad()
        && (window.median() <= 0 || loss > 2 * window.median())
        && loss - window.median() > 0.1 * Math.abs(window.first());
  }

  @Test
  void anExplodingRunBurstsBeforeItsLossTurnsNonFinite() {
    TrainingResult result = trainAndClose(Scenario.EXPLODING_GRADIENTS, "exploding");
    assertThat(result.diverged()).isTrue();

    long firstNonFinite =
        delivered.stream().filter(StepSample::lossNonFinite).findFirst().orElseThrow().step();
    long firstBurstStep =
        delivered.stream().filter(s -> s.step() % 10 != 0).findFirst().orElseThrow().step();
    assertThat(firstBurstStep).isLessThan(firstNonFinite);
    assertThat(status.anomalies()).isPositive();
    assertThat(status.samplesTaken()).isEqualTo(status.samplesPushed());
  }
}
