package dev.neuronwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.agent.push.Eventually;
import dev.neuronwatch.agent.push.RecordingSink;
import dev.neuronwatch.agent.stats.RollingLossWindow;
import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.LossWindow;
import dev.neuronwatch.protocol.StepSample;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every-step loss window, anomalies and burst sampling, with a sink that records the pushes. */
class BurstSamplingTest {
  private static final int WINDOW = 32;

  private final RecordingSink sink = new RecordingSink();
  private final List<NeuronwatchAgent> agents = new ArrayList<>();
  private final float[] gradient = {0.1f, -0.2f, 0.05f, 0.3f};
  private final LayerTensors hidden =
      LayerTensors.of("hidden", 0, ActivationKind.RELU, 2, 2)
          .output(new float[] {0f, 1f, 0.5f, 2f})
          .weights(new float[] {1f, 2f, 3f, 4f})
          .weightGradient(gradient);

  @AfterEach
  void closeAgents() {
    agents.forEach(NeuronwatchAgent::close);
  }

  private NeuronwatchAgent start(int sampleEvery, int burstSteps, Duration flushInterval) {
    NeuronwatchAgent agent =
        NeuronwatchAgent.start(
            AgentConfig.builder()
                .run("burst")
                .sampleEvery(sampleEvery)
                .lossWindow(WINDOW)
                .burstSteps(burstSteps)
                .openingSteps(0)
                .queueCapacity(1024)
                .flushInterval(flushInterval)
                .sink(sink)
                .build());
    agents.add(agent);
    return agent;
  }

  /** A gently decreasing, slightly noisy loss: no step of it is a spike. */
  private static double[] smoothLosses(int steps, long seed) {
    Random random = new Random(seed);
    double[] losses = new double[steps];
    for (int step = 0; step < steps; step++) {
      losses[step] = (0.05 + 2 * Math.exp(-step / 1000.0)) * (1 + 0.05 * random.nextGaussian());
    }
    return losses;
  }

  private void train(NeuronwatchAgent agent, double[] losses) {
    for (int step = 0; step < losses.length; step++) {
      if (agent.isSampling(step)) {
        agent.recordLayer(step, hidden);
      }
      agent.endStep(step, losses[step]);
    }
  }

  private List<StepSample> delivered() {
    List<StepSample> samples = new ArrayList<>();
    sink.accepted().forEach(request -> samples.addAll(request.samples()));
    return samples;
  }

  private static List<Long> steps(long... steps) {
    return LongStream.of(steps).boxed().toList();
  }

  private static List<Long> range(long fromInclusive, long toInclusive) {
    return LongStream.rangeClosed(fromInclusive, toInclusive).boxed().toList();
  }

  private static List<Long> concat(List<Long> a, List<Long> b) {
    List<Long> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** What the window must say before {@code step}: sorted copies of the finite losses. */
  private static LossWindow referenceWindow(double[] losses, int step) {
    double[] finite = Arrays.stream(losses, 0, step).filter(Double::isFinite).toArray();
    double[] last = Arrays.copyOfRange(finite, Math.max(0, finite.length - WINDOW), finite.length);
    double median = median(last);
    double[] deviations = Arrays.stream(last).map(v -> Math.abs(v - median)).toArray();
    int scaleCount = Math.min(Math.min(WINDOW, RollingLossWindow.FIRST_LOSSES), finite.length);
    double[] firstLosses = Arrays.copyOf(finite, scaleCount);
    return new LossWindow(last.length, median, median(deviations), median(firstLosses));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private void assertAccountingExact(NeuronwatchAgent agent) {
    agent.close();
    AgentStatus status = agent.status();
    assertThat(status.samplesTaken()).isEqualTo(status.samplesPushed() + status.samplesDropped());
    assertThat(status.samplesDropped()).isZero();
  }

  @Test
  void aSpikeOnAnUnsampledStepSendsItsLossAloneThenSamplesTheNextBurstSteps() {
    NeuronwatchAgent agent = start(10, 5, Duration.ofMillis(10));
    double[] losses = smoothLosses(100, 1);
    losses[53] = 10;

    train(agent, losses);
    assertAccountingExact(agent);

    assertThat(delivered())
        .extracting(StepSample::step)
        .containsExactlyElementsOf(
            concat(concat(steps(0, 10, 20, 30, 40, 50), range(53, 58)), steps(60, 70, 80, 90)));
    StepSample spike = delivered().get(6);
    assertThat(spike.layers()).isEmpty();
    assertThat(spike.loss()).isEqualTo(10.0);
    assertThat(spike.lossNonFinite()).isFalse();
    assertThat(delivered().get(7).layers()).hasSize(1);
    assertThat(agent.status().anomalies()).isEqualTo(1);
    assertThat(agent.status().bursts()).isEqualTo(1);
  }

  @Test
  void everySampleCarriesTheWindowOfTheLossesBeforeIt() {
    NeuronwatchAgent agent = start(7, 5, Duration.ofMillis(10));
    double[] losses = smoothLosses(120, 2);
    losses[3] = Double.NaN;
    losses[64] = 25;

    train(agent, losses);
    assertAccountingExact(agent);

    assertThat(delivered()).extracting(StepSample::step).contains(3L, 64L, 65L, 69L, 70L);
    for (StepSample sample : delivered()) {
      int step = (int) sample.step();
      LossWindow expected = step == 0 ? null : referenceWindow(losses, step);
      assertThat(sample.lossWindow()).as("window of step %d", step).isEqualTo(expected);
    }
  }

  @Test
  void aNonFiniteLossSendsOneFlaggedSampleAndOneBurstWhileItStaysNonFinite() {
    NeuronwatchAgent agent = start(10, 5, Duration.ofMillis(10));
    double[] losses = smoothLosses(100, 3);
    Arrays.fill(losses, 45, 100, Double.NaN);

    train(agent, losses);
    assertAccountingExact(agent);

    assertThat(delivered())
        .extracting(StepSample::step)
        .containsExactlyElementsOf(
            concat(concat(steps(0, 10, 20, 30, 40), range(45, 50)), steps(60, 70, 80, 90)));
    StepSample first = delivered().get(5);
    assertThat(first.layers()).isEmpty();
    assertThat(first.loss()).isNull();
    assertThat(first.lossNonFinite()).isTrue();
    assertThat(agent.status().anomalies()).isEqualTo(1);
  }

  @Test
  void anAnomalyDuringABurstExtendsIt() {
    NeuronwatchAgent agent = start(10, 5, Duration.ofMillis(10));
    double[] losses = smoothLosses(100, 4);
    losses[53] = 10;
    losses[56] = 10;

    train(agent, losses);
    assertAccountingExact(agent);

    assertThat(delivered())
        .extracting(StepSample::step)
        .containsExactlyElementsOf(
            concat(concat(steps(0, 10, 20, 30, 40, 50), range(53, 61)), steps(70, 80, 90)));
    assertThat(agent.status().anomalies()).isEqualTo(2);
    assertThat(agent.status().bursts()).isEqualTo(1);
  }

  @Test
  void withNoBurstStepsAnAnomalyStillSendsItsOwnSample() {
    NeuronwatchAgent agent = start(10, 0, Duration.ofMillis(10));
    double[] losses = smoothLosses(60, 5);
    losses[53] = 10;

    train(agent, losses);
    assertAccountingExact(agent);

    assertThat(delivered())
        .extracting(StepSample::step)
        .containsExactly(0L, 10L, 20L, 30L, 40L, 50L, 53L);
    assertThat(agent.status().anomalies()).isEqualTo(1);
    assertThat(agent.status().bursts()).isZero();
  }

  @Test
  void aWeightGradientGrowingTenfoldOnASampledStepStartsABurst() {
    NeuronwatchAgent agent = start(10, 3, Duration.ofMillis(10));
    double[] losses = smoothLosses(50, 6);
    for (int step = 0; step < losses.length; step++) {
      if (step == 30) {
        for (int i = 0; i < gradient.length; i++) {
          gradient[i] *= 20;
        }
      }
      if (agent.isSampling(step)) {
        agent.recordLayer(step, hidden);
      }
      agent.endStep(step, losses[step]);
    }
    assertAccountingExact(agent);

    assertThat(delivered())
        .extracting(StepSample::step)
        .containsExactly(0L, 10L, 20L, 30L, 31L, 32L, 33L, 40L);
    assertThat(agent.status().anomalies()).isEqualTo(1);
  }

  @Test
  void aSmoothNoisyLossCurveNeverBursts() {
    NeuronwatchAgent agent = start(10, 20, Duration.ofMillis(10));
    double[] losses = smoothLosses(5000, 7);

    train(agent, losses);
    assertAccountingExact(agent);

    assertThat(agent.status().anomalies()).isZero();
    assertThat(agent.status().bursts()).isZero();
    assertThat(delivered()).hasSize(500).allSatisfy(s -> assertThat(s.step() % 10).isZero());
  }

  @Test
  void pushesTheAnomalyAndTheBurstAtOnceInsteadOfAtTheNextFlush() {
    NeuronwatchAgent agent = start(10, 5, Duration.ofMinutes(10));
    double[] losses = smoothLosses(41, 8);
    losses[35] = 10;

    train(agent, losses);

    // Everything queued before the anomaly goes out with it; the burst's samples follow one by one.
    Eventually.await(
        "the anomaly and its burst pushed",
        Duration.ofSeconds(10),
        () -> sink.acceptedSteps().equals(steps(0, 10, 20, 30, 35, 36, 37, 38, 39, 40)));
    assertAccountingExact(agent);
  }

  @Test
  void anUnsampledStepAllocatesNothingOnTheTrainingThread() {
    NeuronwatchAgent agent = start(1_000_000, 20, Duration.ofMillis(10));
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    double[] losses = smoothLosses(40_000, 9);
    for (int step = 1; step < 20_000; step++) {
      agent.endStep(step, losses[step]);
    }
    long emptyBefore = threads.getCurrentThreadAllocatedBytes();
    long emptyAfter = threads.getCurrentThreadAllocatedBytes();

    long before = threads.getCurrentThreadAllocatedBytes();
    for (int step = 20_000; step < 40_000; step++) {
      agent.endStep(step, losses[step]);
    }
    long after = threads.getCurrentThreadAllocatedBytes();

    assertThat(agent.status().anomalies()).isZero();
    // Not one object per step: a per-step allocation would cost at least 16 bytes x 20,000 steps.
    // A few hundred bytes once (the JIT or a coverage agent settling) are not the agent's.
    assertThat((after - before) - (emptyAfter - emptyBefore)).isLessThan(20_000);
  }
}
