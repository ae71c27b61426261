package dev.neuronwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.neuronwatch.agent.push.PushLoop;
import dev.neuronwatch.agent.push.RecordingSink;
import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.Protocol;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.StepSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NeuronwatchAgentTest {

  private final RecordingSink sink = new RecordingSink();
  private final List<NeuronwatchAgent> agents = new ArrayList<>();
  private final float[] hiddenOutput = {0f, 1f, 0f, 2f, 0f, 3f};
  private final LayerTensors hidden =
      LayerTensors.of("hidden", 0, ActivationKind.RELU, 3, 2).output(hiddenOutput);
  private final LayerTensors head =
      LayerTensors.of("head", 1, ActivationKind.SIGMOID, 3, 1).output(new float[] {0.5f, 1f, 0f});

  @AfterEach
  void closeAgents() {
    agents.forEach(NeuronwatchAgent::close);
  }

  private NeuronwatchAgent start(int sampleEvery) {
    NeuronwatchAgent agent =
        NeuronwatchAgent.start(
            AgentConfig.builder()
                .run("unit")
                .sampleEvery(sampleEvery)
                .openingSteps(0)
                .flushInterval(Duration.ofMillis(10))
                .sink(sink)
                .build());
    agents.add(agent);
    return agent;
  }

  private List<StepSample> delivered() {
    List<StepSample> samples = new ArrayList<>();
    sink.accepted().forEach(r -> samples.addAll(r.samples()));
    return samples;
  }

  @Test
  void samplesOnlyEveryNthStepAndSendsTheLoss() {
    NeuronwatchAgent agent = start(5);
    for (long step = 0; step < 20; step++) {
      agent.recordLayer(step, hidden);
      agent.endStep(step, step / 10.0);
    }
    agent.close();

    assertThat(delivered()).extracting(StepSample::step).containsExactly(0L, 5L, 10L, 15L);
    assertThat(delivered()).extracting(StepSample::loss).containsExactly(0.0, 0.5, 1.0, 1.5);
    assertThat(agent.isSampling(20)).isFalse();
  }

  @Test
  void samplesEveryStepOfTheOpeningBurstThenEveryNth() {
    NeuronwatchAgent agent =
        NeuronwatchAgent.start(
            AgentConfig.builder()
                .run("opening")
                .sampleEvery(10)
                .openingSteps(4)
                .sink(sink)
                .build());
    agents.add(agent);

    // The opening counts from the first step asked about: a run resumed at step 501.
    List<Long> sampled = new ArrayList<>();
    for (long step = 501; step <= 530; step++) {
      if (agent.isSampling(step)) {
        sampled.add(step);
      }
    }

    assertThat(sampled).containsExactly(501L, 502L, 503L, 504L, 510L, 520L, 530L);
  }

  @Test
  void decidesSamplingFromTheStepNumber() {
    NeuronwatchAgent agent = start(4);

    assertThat(agent.isSampling(0)).isTrue();
    assertThat(agent.isSampling(8)).isTrue();
    assertThat(agent.isSampling(9)).isFalse();
    assertThat(agent.isSampling(-4)).isFalse();
  }

  @Test
  void putsEveryLayerOfAStepIntoOneSample() {
    NeuronwatchAgent agent = start(1);
    agent.recordLayer(0, hidden);
    agent.recordLayer(0, head);
    agent.endStep(0, 0.25);
    agent.close();

    StepSample sample = delivered().get(0);
    assertThat(sample.layers()).extracting(LayerSample::name).containsExactly("hidden", "head");
    assertThat(sample.layers().get(0).deadFraction()).isEqualTo(0.5);
    assertThat(sample.layers().get(1).saturationFraction()).isEqualTo(2.0 / 3);
    assertThat(sample.loss()).isEqualTo(0.25);
    assertThat(sample.lossNonFinite()).isFalse();
    assertThat(sample.timeMillis()).isPositive();
  }

  @Test
  void readsTheArraysDuringRecordLayerAndKeepsNoReference() {
    NeuronwatchAgent agent = start(1);
    agent.recordLayer(0, hidden);
    hiddenOutput[0] = 100f;
    agent.endStep(0, 1);
    agent.close();
    hiddenOutput[0] = 0f;

    assertThat(delivered().get(0).layers().get(0).output().max()).isEqualTo(3);
  }

  @Test
  void sendsANonFiniteLossAsAbsentAndFlagged() {
    NeuronwatchAgent agent = start(1);
    agent.recordLayer(0, hidden);
    agent.endStep(0, Double.NaN);
    agent.recordLayer(1, hidden);
    agent.endStep(1, Double.NEGATIVE_INFINITY);
    agent.recordLayer(2, hidden);
    agent.endStep(2);
    agent.close();

    assertThat(delivered()).extracting(StepSample::loss).containsExactly(null, null, null);
    assertThat(delivered())
        .extracting(StepSample::lossNonFinite)
        .containsExactly(true, true, false);
  }

  @Test
  void sendsNothingForAStepWithoutLayers() {
    NeuronwatchAgent agent = start(1);
    agent.endStep(0, 1.0);
    agent.close();

    assertThat(delivered()).isEmpty();
    assertThat(agent.status().samplesTaken()).isZero();
  }

  @Test
  void neverThrowsForABrokenLayerAndDropsItsStep() {
    NeuronwatchAgent agent = start(1);
    LayerTensors tooShort =
        LayerTensors.of("broken", 2, ActivationKind.RELU, 4, 4).output(new float[3]);

    assertThatCode(
            () -> {
              agent.recordLayer(0, hidden);
              agent.recordLayer(0, tooShort);
              agent.recordLayer(0, null);
              agent.endStep(0, 1.0);
              agent.recordLayer(1, hidden);
              agent.endStep(1, 1.0);
            })
        .doesNotThrowAnyException();
    agent.close();

    assertThat(delivered()).extracting(StepSample::step).containsExactly(1L);
    assertThat(agent.status()).isEqualTo(new AgentStatus(2, 1, 1, 0, 0));
  }

  @Test
  void dropsAStepThatDoesNotComeAfterThePreviousOne() {
    NeuronwatchAgent agent = start(1);
    agent.recordLayer(10, hidden);
    agent.endStep(10, 1.0);
    agent.recordLayer(3, hidden);
    agent.endStep(3, 1.0);
    agent.recordLayer(11, hidden);
    agent.endStep(11, 1.0);
    agent.close();

    assertThat(delivered()).extracting(StepSample::step).containsExactly(10L, 11L);
    assertThat(agent.status().samplesDropped()).isEqualTo(1);
  }

  @Test
  void dropsAStepBeyondTheProtocolsLimitInsteadOfSendingWhatTheServerWouldRefuse() {
    NeuronwatchAgent agent = start(1);
    agent.recordLayer(Protocol.MAX_STEP, hidden);
    agent.endStep(Protocol.MAX_STEP, 1.0);
    agent.recordLayer(Protocol.MAX_STEP + 1, hidden);
    agent.endStep(Protocol.MAX_STEP + 1, 1.0);
    agent.close();

    assertThat(delivered()).extracting(StepSample::step).containsExactly(Protocol.MAX_STEP);
    assertThat(agent.status()).isEqualTo(new AgentStatus(2, 1, 1, 0, 0));
  }

  @Test
  void dropsAStepThatRecordsTheSameLayerTwice() {
    NeuronwatchAgent agent = start(1);
    agent.recordLayer(0, hidden);
    agent.recordLayer(0, hidden);
    agent.endStep(0, 1.0);
    agent.close();

    assertThat(delivered()).isEmpty();
    assertThat(agent.status()).isEqualTo(new AgentStatus(1, 0, 1, 0, 0));
  }

  @Test
  void discardsLayersOfAStepThatWasNeverEnded() {
    NeuronwatchAgent agent = start(1);
    agent.recordLayer(0, hidden);
    agent.recordLayer(1, head);
    agent.endStep(1, 1.0);
    agent.close();

    assertThat(delivered()).hasSize(1);
    assertThat(delivered().get(0).layers()).extracting(LayerSample::name).containsExactly("head");
  }

  @Test
  void marksTheLastPushFinishedAfterFinish() {
    NeuronwatchAgent agent = start(1);
    agent.recordLayer(0, hidden);
    agent.endStep(0, 1.0);
    agent.finish();
    agent.close();

    List<PushRequest> pushes = sink.accepted();
    assertThat(pushes.get(pushes.size() - 1).finished()).isTrue();
    assertThat(delivered()).extracting(StepSample::step).containsExactly(0L);
  }

  @Test
  void closeStopsSamplingIsIdempotentAndBalancesTheCounters() {
    List<Thread> before = pushThreads();
    NeuronwatchAgent agent = start(1);
    List<Thread> started = new ArrayList<>(pushThreads());
    started.removeAll(before);
    for (long step = 0; step < 5; step++) {
      agent.recordLayer(step, hidden);
      agent.endStep(step, 1.0);
    }
    agent.close();
    agent.close();
    agent.recordLayer(5, hidden);
    agent.endStep(5, 1.0);

    AgentStatus status = agent.status();
    assertThat(agent.isSampling(6)).isFalse();
    assertThat(status).isEqualTo(new AgentStatus(5, 5, 0, 0, 0));
    assertThat(started).singleElement().satisfies(t -> assertThat(t.isAlive()).isFalse());
  }

  @Test
  void runsOneDaemonPushThread() {
    List<Thread> before = pushThreads();
    start(1);
    List<Thread> started = new ArrayList<>(pushThreads());
    started.removeAll(before);

    assertThat(started).singleElement().satisfies(t -> assertThat(t.isDaemon()).isTrue());
  }

  private static List<Thread> pushThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(PushLoop.THREAD_NAME) && t.isAlive())
        .toList();
  }
}
