package dev.neuronwatch.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The quick mode of every benchmark, run on every build: each benchmark method through JMH itself
 * (in this JVM, no warm-up, one short measurement) with tiny parameters, so that a benchmark that
 * no longer runs (a broken setup, a parameter that no longer parses, a server that does not start)
 * fails the build. Only that they run and produce a score is checked, never their timing.
 */
class BenchmarksQuickModeTest {

  @Test
  void agentOverheadStepsWithAndWithoutAnAgentPushingToARealServer() throws RunnerException {
    Collection<RunResult> results =
        run(
            quick(AgentOverheadBenchmark.class)
                .param("net", "2x8")
                .param("agent", "none", "1")
                .addProfiler(AgentCpuProfiler.class));

    assertThat(results).hasSize(2);
    for (RunResult result : results) {
      assertThat(result.getPrimaryResult().getSampleCount()).isPositive();
      assertThat(result.getSecondaryResults()).containsKeys("cpu.process", "cpu.agentThreads");
      assertThat(result.getSecondaryResults().get("cpu.process").getScore()).isPositive();
    }
  }

  @Test
  void layerStatisticsRunsEveryKernelAndTheReferenceSums() throws RunnerException {
    Collection<RunResult> results =
        run(quick(LayerStatisticsBenchmark.class).param("size", "4099"));

    assertThat(results)
        .extracting(r -> r.getParams().getBenchmark().replaceAll(".*\\.", ""))
        .containsExactlyInAnyOrder(
            "vectorSum",
            "scalarSum",
            "statistics",
            "moments",
            "norm",
            "fusedNorms",
            "statisticsScalar",
            "fusedNormsScalar");
    assertScored(results);
  }

  @Test
  void activationCostRunsForwardAndBackwardOfEveryActivation() throws RunnerException {
    Collection<RunResult> results = run(quick(ActivationCostBenchmark.class));

    assertThat(results).hasSize(20);
    assertScored(results);
  }

  @Test
  void lossWindowRuns() throws RunnerException {
    assertScored(run(quick(LossWindowBenchmark.class).param("lossWindow", "128")));
  }

  @Test
  void pairedOverheadStepsBothCopiesAndPushesEverySample() {
    PairedOverhead.Report report = PairedOverhead.run("2x8", 1, 60, 5);

    assertThat(java.util.Arrays.stream(report.baselineWall())).hasSize(60).allMatch(t -> t > 0);
    assertThat(java.util.Arrays.stream(report.watchedWall())).hasSize(60).allMatch(t -> t > 0);
    assertThat(report.baselineCpuPerStep()).isPositive();
    assertThat(report.agent().samplesTaken()).isEqualTo(65);
    assertThat(report.agent().samplesPushed()).isEqualTo(65);
    assertThat(report.format()).contains("ratio");
  }

  @Test
  void scrapeScaleStoresRunsAndScrapesTheirSeries() throws Exception {
    ScrapeScale.Report report = ScrapeScale.run(3, 2, 1);

    assertThat(report.series()).isGreaterThan(3 * 2 * 10);
    assertThat(report.bytes()).isPositive();
    assertThat(report.scrapeNanos()).hasSize(1);
    assertThat(report.allocatedBytes()).hasSize(1);
    assertThat(report.allocatedBytes()[0]).isPositive();
    assertThat(report.format()).contains("3 runs x 2 layers");
  }

  private static ChainedOptionsBuilder quick(Class<?> benchmark) {
    return new OptionsBuilder()
        .include("\\." + benchmark.getSimpleName() + "\\.")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(100))
        .shouldFailOnError(true)
        .verbosity(VerboseMode.SILENT);
  }

  private static Collection<RunResult> run(ChainedOptionsBuilder options) throws RunnerException {
    return new Runner(options.build()).run();
  }

  private static void assertScored(Collection<RunResult> results) {
    assertThat(results).isNotEmpty();
    for (RunResult result : results) {
      assertThat(result.getPrimaryResult().getScore())
          .as(result.getParams().getBenchmark())
          .isPositive();
    }
  }
}
