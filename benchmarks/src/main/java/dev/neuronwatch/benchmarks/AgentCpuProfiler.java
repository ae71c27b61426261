package dev.neuronwatch.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that charges every benchmark operation with the CPU time the whole process spent
 * during the iteration ({@code cpu.process}: the benchmark thread, the agent's push and HTTP
 * threads, the garbage collector and the JIT) and, separately, what the agent's own threads (names
 * starting {@code neuronwatch-agent}, and the JDK HTTP client's selector thread) spent ({@code
 * cpu.agentThreads}), both in nanoseconds per operation. Wall-clock time on a shared machine hides
 * work done on another core; this does not.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar AgentOverhead -prof
 * dev.neuronwatch.benchmarks.AgentCpuProfiler}
 */
public final class AgentCpuProfiler implements InternalProfiler {
  // The push thread, which does the HTTP exchange too, is the agent's only thread.
  private static final String AGENT_THREADS = "neuronwatch-agent";

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private long processBefore;
  private long agentBefore;

  @Override
  public String getDescription() {
    return "process and agent-thread CPU time per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    agentBefore = agentThreadsCpu();
    processBefore = processCpu();
  }

  @Override
  public List<Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long process = processCpu() - processBefore;
    long agent = agentThreadsCpu() - agentBefore;
    long ops = Math.max(1, result.getMetadata().getMeasuredOps());
    return List.of(
        new ScalarResult("cpu.process", (double) process / ops, "ns/op", AggregationPolicy.AVG),
        new ScalarResult(
            "cpu.agentThreads", (double) Math.max(0, agent) / ops, "ns/op", AggregationPolicy.AVG));
  }

  private static long processCpu() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
    }
    return 0;
  }

  /** CPU time of the agent's live threads; a thread that ended meanwhile is lost to this count. */
  private long agentThreadsCpu() {
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith(AGENT_THREADS)) {
        long cpu = threads.getThreadCpuTime(info.getThreadId());
        total += Math.max(0, cpu);
      }
    }
    return total;
  }
}
