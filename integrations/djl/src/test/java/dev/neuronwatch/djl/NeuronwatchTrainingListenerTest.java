package dev.neuronwatch.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.SequentialBlock;
import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.PushResponse;
import dev.neuronwatch.protocol.StepSample;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The listener's sampling, in-process: the agent's pushes are caught by a sink. */
class NeuronwatchTrainingListenerTest {
  private final List<StepSample> pushed = new CopyOnWriteArrayList<>();

  private NeuronwatchAgent agent(int sampleEvery) {
    return NeuronwatchAgent.start(
        AgentConfig.builder()
            .run("listener")
            .sampleEvery(sampleEvery)
            .openingSteps(0) // the regular samples are counted
            .flushInterval(Duration.ofMillis(50))
            .closeTimeout(Duration.ofSeconds(30))
            .sink(
                (PushRequest request) -> {
                  pushed.addAll(request.samples());
                  return new PushResponse(request.samples().size(), List.of());
                })
            .build());
  }

  @Test
  void samplesOnlyTheAgentsStepsWithEveryLinearLayerInOrder() throws Exception {
    try (NeuronwatchAgent agent = agent(10)) {
      SpiralsTraining.train(
          NeuronwatchBlock.wrap(SpiralsTraining.reluMlp()),
          SpiralsTraining.healthyAdam(),
          25,
          3,
          new NeuronwatchTrainingListener(agent));
    }

    assertThat(pushed).extracting(StepSample::step).containsExactly(10L, 20L);
    for (StepSample sample : pushed) {
      assertThat(sample.loss()).isNotNull().isPositive();
      assertThat(sample.layers())
          .extracting(LayerSample::name)
          .containsExactly("01Linear", "03Linear", "05Linear", "07Linear");
      assertThat(sample.layers()).extracting(LayerSample::depth).containsExactly(0, 1, 2, 3);
      assertThat(sample.layers())
          .extracting(l -> l.activation().wireName())
          .containsExactly("relu", "relu", "relu", "linear");
      assertThat(sample.layers())
          .allSatisfy(
              layer -> {
                assertThat(layer.output().count())
                    .isEqualTo((long) SpiralsTraining.BATCH * layer.units());
                assertThat(layer.gradient()).isNotNull();
                assertThat(layer.gradient().weightNorm()).isPositive();
                assertThat(layer.gradient().biasNorm()).isPositive();
                assertThat(layer.weightNorm()).isPositive();
                assertThat(layer.updateRatio()).isPositive();
              });
    }
  }

  @Test
  void sampleEveryStepCarriesTheUpdateOfThePreviousStep() throws Exception {
    try (NeuronwatchAgent agent = agent(1)) {
      SpiralsTraining.train(
          NeuronwatchBlock.wrap(SpiralsTraining.reluMlp()),
          SpiralsTraining.healthyAdam(),
          5,
          3,
          new NeuronwatchTrainingListener(agent));
    }

    assertThat(pushed).extracting(StepSample::step).containsExactly(1L, 2L, 3L, 4L, 5L);
    // nothing was applied before step 1; Adam's first steps move each weight by about lr
    assertThat(pushed.get(0).layers()).allSatisfy(l -> assertThat(l.updateRatio()).isNull());
    assertThat(pushed.subList(1, 5))
        .allSatisfy(
            s -> assertThat(s.layers()).allSatisfy(l -> assertThat(l.updateRatio()).isPositive()));
  }

  @Test
  void anUnwrappedBlockTrainsNormallyWithoutSamples() throws Exception {
    NeuronwatchTrainingListener listener;
    try (NeuronwatchAgent agent = agent(1)) {
      listener = new NeuronwatchTrainingListener(agent);
      SpiralsTraining.train(
          SpiralsTraining.reluMlp(), SpiralsTraining.healthyAdam(), 5, 3, listener);
    }

    assertThat(listener.step()).isEqualTo(5);
    assertThat(pushed).isEmpty();
  }

  @Test
  void aFrozenLayerIsSampledWithoutGradients() throws Exception {
    SequentialBlock net = SpiralsTraining.reluMlp();
    net.getChildren().get(0).getValue().freezeParameters(true);
    try (NeuronwatchAgent agent = agent(5)) {
      SpiralsTraining.train(
          NeuronwatchBlock.wrap(net),
          SpiralsTraining.healthyAdam(),
          10,
          3,
          new NeuronwatchTrainingListener(agent));
    }

    assertThat(pushed).extracting(StepSample::step).containsExactly(5L, 10L);
    LayerSample frozen = pushed.get(1).layers().get(0);
    assertThat(frozen.name()).isEqualTo("01Linear");
    assertThat(frozen.gradient()).isNull();
    assertThat(frozen.weightNorm()).isPositive();
    assertThat(frozen.updateRatio()).isZero();
    assertThat(pushed.get(1).layers().get(1).gradient()).isNotNull();
  }

  @Test
  void withoutUpdatesSamplesCarryNoUpdateRatio() throws Exception {
    try (NeuronwatchAgent agent = agent(10)) {
      SpiralsTraining.train(
          NeuronwatchBlock.wrap(SpiralsTraining.reluMlp()),
          SpiralsTraining.healthyAdam(),
          20,
          3,
          NeuronwatchTrainingListener.withoutUpdates(agent));
    }

    assertThat(pushed).extracting(StepSample::step).containsExactly(10L, 20L);
    assertThat(pushed)
        .allSatisfy(
            s ->
                assertThat(s.layers())
                    .allSatisfy(
                        l -> {
                          assertThat(l.updateRatio()).isNull();
                          assertThat(l.gradient()).isNotNull();
                        }));
  }
}
