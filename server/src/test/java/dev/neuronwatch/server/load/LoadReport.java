package dev.neuronwatch.server.load;

import java.time.Duration;
import java.util.Locale;

/**
 * What one load run measured. Latencies are of whole pushes as the client saw them; heap figures
 * are the server JVM's used heap after a full GC, before and after the run.
 *
 * <pre>{@code
 * LoadReport report = generator.run();
 * System.out.println(report.format());
 * }</pre>
 */
record LoadReport(
    int agents,
    Duration elapsed,
    long pushes,
    long samplesSent,
    long samplesAccepted,
    long errors,
    Duration p50,
    Duration p99,
    Duration max,
    long heapBeforeBytes,
    long heapAfterBytes) {

  double pushesPerSecond() {
    return pushes / seconds();
  }

  double samplesPerSecond() {
    return samplesAccepted / seconds();
  }

  private double seconds() {
    return elapsed.toNanos() / 1e9;
  }

  LoadReport withHeap(long before, long after) {
    return new LoadReport(
        agents,
        elapsed,
        pushes,
        samplesSent,
        samplesAccepted,
        errors,
        p50,
        p99,
        max,
        before,
        after);
  }

  String format() {
    return String.format(
        Locale.ROOT,
        "agents %d, %.1f s: %d pushes (%.0f/s), %d samples accepted of %d sent (%.0f/s), %d errors;"
            + " latency p50 %.2f ms, p99 %.2f ms, max %.2f ms; heap used after GC %.1f MiB before,"
            + " %.1f MiB after",
        agents,
        seconds(),
        pushes,
        pushesPerSecond(),
        samplesAccepted,
        samplesSent,
        samplesPerSecond(),
        errors,
        p50.toNanos() / 1e6,
        p99.toNanos() / 1e6,
        max.toNanos() / 1e6,
        heapBeforeBytes / 1048576.0,
        heapAfterBytes / 1048576.0);
  }
}
