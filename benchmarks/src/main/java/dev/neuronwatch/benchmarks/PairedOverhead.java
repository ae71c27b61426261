package dev.neuronwatch.benchmarks;

import dev.neuronwatch.agent.AgentStatus;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.trainer.SteppedTraining;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The agent's cost per training step measured side by side: two copies of the same training in one
 * JVM, one without an agent and one with an agent pushing to a real server over loopback HTTP
 * ({@link LoopbackServer}), stepped alternately (the order swapping every round), so that both see
 * the same machine load, JIT state and heap. Each step's wall time and the training thread's CPU
 * time are taken; the CPU time of the agent's own thread (the push thread, HTTP included) over the
 * whole measurement is charged to the watched steps.
 *
 * <p>Reported: median and p99 wall time of each, their ratios, and the CPU per step of each (the
 * watched one with the agent's threads). JMH's {@link AgentOverheadBenchmark} measures the same
 * cases in separate forks; on a shared machine whose load changes from one fork to the next, only a
 * side-by-side run gives a ratio.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * dev.neuronwatch.benchmarks.PairedOverhead --net 4x512 --sample-every 1 --steps 600 --warmup 100}
 */
public final class PairedOverhead {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private PairedOverhead() {}

  /** What one side-by-side run measured; times in nanoseconds. */
  public record Report(
      String net,
      int sampleEvery,
      int steps,
      long[] baselineWall,
      long[] watchedWall,
      double baselineCpuPerStep,
      double watchedCpuPerStep,
      double agentThreadsCpuPerStep,
      AgentStatus agent) {

    double baselineMedian() {
      return percentile(baselineWall, 0.5);
    }

    double watchedMedian() {
      return percentile(watchedWall, 0.5);
    }

    double baselineP99() {
      return percentile(baselineWall, 0.99);
    }

    double watchedP99() {
      return percentile(watchedWall, 0.99);
    }

    /** The watched steps' CPU, the agent's threads included, over the baseline's. */
    double cpuRatio() {
      return (watchedCpuPerStep + agentThreadsCpuPerStep) / baselineCpuPerStep;
    }

    String format() {
      return String.format(
          Locale.ROOT,
          "net %s, sample every %d, %d steps each%n"
              + "  wall median: without %.3f ms, with %.3f ms, ratio %.3f%n"
              + "  wall p99:    without %.3f ms, with %.3f ms, ratio %.3f%n"
              + "  CPU per step: without %.3f ms, with %.3f ms training thread + %.3f ms agent"
              + " threads, ratio %.3f%n"
              + "  agent: %d samples taken, %d pushed, %d dropped, %d failed pushes",
          net,
          sampleEvery,
          steps,
          baselineMedian() / 1e6,
          watchedMedian() / 1e6,
          watchedMedian() / baselineMedian(),
          baselineP99() / 1e6,
          watchedP99() / 1e6,
          watchedP99() / baselineP99(),
          baselineCpuPerStep / 1e6,
          watchedCpuPerStep / 1e6,
          agentThreadsCpuPerStep / 1e6,
          cpuRatio(),
          agent.samplesTaken(),
          agent.samplesPushed(),
          agent.samplesDropped(),
          agent.pushesFailed());
    }
  }

  public static void main(String[] args) {
    String net = "3x64";
    int sampleEvery = 1;
    int steps = 5000;
    int warmup = 1000;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--net" -> net = args[i + 1];
        case "--sample-every" -> sampleEvery = Integer.parseInt(args[i + 1]);
        case "--steps" -> steps = Integer.parseInt(args[i + 1]);
        case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.out.println(run(net, sampleEvery, steps, warmup).format());
  }

  /** Runs {@code warmup} then {@code steps} rounds of one step each. */
  public static Report run(String net, int sampleEvery, int steps, int warmup) {
    try (LoopbackServer server = LoopbackServer.start()) {
      NeuronwatchAgent agent =
          NeuronwatchAgent.start(
              AgentOverheadBenchmark.agentConfig(Integer.toString(sampleEvery), server));
      try {
        SteppedTraining baseline = SteppedTraining.start(AgentOverheadBenchmark.config(net), null);
        SteppedTraining watched = SteppedTraining.start(AgentOverheadBenchmark.config(net), agent);
        for (int i = 0; i < warmup; i++) {
          baseline.step();
          watched.step();
        }
        long[] baselineWall = new long[steps];
        long[] watchedWall = new long[steps];
        long[] cpu = new long[2];
        long agentBefore = agentThreadsCpu();
        for (int i = 0; i < steps; i++) {
          if (i % 2 == 0) {
            baselineWall[i] = timed(baseline, cpu, 0);
            watchedWall[i] = timed(watched, cpu, 1);
          } else {
            watchedWall[i] = timed(watched, cpu, 1);
            baselineWall[i] = timed(baseline, cpu, 0);
          }
        }
        long agentCpu = Math.max(0, agentThreadsCpu() - agentBefore);
        watched.finish();
        agent.close();
        return new Report(
            net,
            sampleEvery,
            steps,
            baselineWall,
            watchedWall,
            (double) cpu[0] / steps,
            (double) cpu[1] / steps,
            (double) agentCpu / steps,
            agent.status());
      } finally {
        agent.close();
      }
    }
  }

  private static long timed(SteppedTraining training, long[] cpu, int slot) {
    long cpuBefore = THREADS.getCurrentThreadCpuTime();
    long before = System.nanoTime();
    training.step();
    long wall = System.nanoTime() - before;
    cpu[slot] += THREADS.getCurrentThreadCpuTime() - cpuBefore;
    return wall;
  }

  /** CPU time of the agent's threads alive now. */
  private static long agentThreadsCpu() {
    long total = 0;
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("neuronwatch-agent")) {
        total += Math.max(0, THREADS.getThreadCpuTime(info.getThreadId()));
      }
    }
    return total;
  }

  static double percentile(long[] values, double p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, index)];
  }
}
