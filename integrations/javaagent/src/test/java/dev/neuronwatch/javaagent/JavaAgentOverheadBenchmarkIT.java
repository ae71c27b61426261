package dev.neuronwatch.javaagent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.server.NeuronwatchServer;
import dev.neuronwatch.server.ServerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code -javaagent:neuronwatch-agent.jar} costs an unmodified Deeplearning4j job ({@code
 * job/PlainTraining}, 3 x 64 ReLU MLP, batch 64): the job's own training time per step, wall and
 * CPU of the training thread (ND4J runs the training on that thread with {@code OMP_NUM_THREADS=1},
 * so its CPU time is the figure other work on the machine disturbs least), and the whole process's
 * wall time (JVM start, agent start-up and class matching, ND4J, training, the agent's final push),
 * without the agent and with it at sample-every 10 and 1, pushing to a real server in this JVM. The
 * three setups run in turn, rotating, for several rounds; the figure is the median over rounds.
 *
 * <p>Not part of {@code verify}; run with
 *
 * <pre>{@code
 * ./mvnw -B -pl integrations/javaagent -am verify -Dneuronwatch.benchmark=true \
 *     -Dit.test=JavaAgentOverheadBenchmarkIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * }</pre>
 */
@EnabledIfSystemProperty(named = "neuronwatch.benchmark", matches = "true")
class JavaAgentOverheadBenchmarkIT {
  private static final String JOB = "dev.neuronwatch.javaagent.job.PlainTraining";
  private static final int STEPS = Integer.getInteger("neuronwatch.benchmark.steps", 1000);
  private static final int ROUNDS = Integer.getInteger("neuronwatch.benchmark.rounds", 3);
  private static final Pattern TRAINING =
      Pattern.compile("training (\\d+) us, thread cpu (\\d+) us");
  private static final String[] SETUPS = {"without", "sample-every 10", "sample-every 1"};

  @TempDir Path logs;

  @Test
  void trainingTimePerStepWithAndWithoutTheAgent() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    NeuronwatchServer server =
        new NeuronwatchServer(
                ServerConfig.builder().port(0).shutdownTimeout(Duration.ofMillis(200)).build(),
                registry,
                Clock.systemUTC())
            .start();
    double[][] perStep = new double[SETUPS.length][ROUNDS];
    double[][] cpuPerStep = new double[SETUPS.length][ROUNDS];
    double[][] process = new double[SETUPS.length][ROUNDS];
    try {
      run(server, 0, "warm-up", 100); // the first fork pays the native libraries' loading
      for (int round = 0; round < ROUNDS; round++) {
        for (int turn = 0; turn < SETUPS.length; turn++) {
          int setup = (turn + round) % SETUPS.length;
          long started = System.nanoTime();
          double[] micros = run(server, setup, "bench-" + round + "-" + setup, STEPS);
          process[setup][round] = (System.nanoTime() - started) / 1e9;
          perStep[setup][round] = micros[0] / 1000.0 / STEPS;
          cpuPerStep[setup][round] = micros[1] / 1000.0 / STEPS;
          if (setup > 0) { // the agent did attach and sample: the server holds every sample
            var samples =
                registry.find("neuronwatch.run.samples").tag("run", "bench-" + round + "-" + setup);
            assertThat(samples.counter()).isNotNull();
            assertThat(samples.counter().count()).isEqualTo(setup == 1 ? STEPS / 10 : STEPS);
          }
        }
      }
    } finally {
      server.stop();
    }
    StringBuilder table =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "PlainTraining (3 x 64 ReLU MLP, batch 64), %d steps, median of %d rounds%n"
                    + "| setup | training per step (wall) | training thread CPU per step"
                    + " | process wall time |%n|---|---|---|---|%n",
                STEPS,
                ROUNDS));
    double base = median(perStep[0]);
    double baseCpu = median(cpuPerStep[0]);
    double baseProcess = median(process[0]);
    for (int setup = 0; setup < SETUPS.length; setup++) {
      double ms = median(perStep[setup]);
      double cpu = median(cpuPerStep[setup]);
      double seconds = median(process[setup]);
      table.append(
          String.format(
              Locale.ROOT,
              "| %s | %.3f ms (%+.1f%%) | %.3f ms (%+.1f%%) | %.2f s (%+.2f s) |%n",
              SETUPS[setup],
              ms,
              100 * (ms - base) / base,
              cpu,
              100 * (cpu - baseCpu) / baseCpu,
              seconds,
              seconds - baseProcess));
    }
    System.out.println(table);
    Files.writeString(
        Path.of(System.getProperty("neuronwatch.agentJar")).resolveSibling("javaagent-overhead.md"),
        table);
  }

  /** Runs the job once; its own training time in microseconds: wall, training thread CPU. */
  private double[] run(NeuronwatchServer server, int setup, String run, int steps)
      throws Exception {
    String classpath =
        System.getProperty("neuronwatch.jobClasses")
            + File.pathSeparator
            + Files.readString(Path.of(System.getProperty("neuronwatch.jobClasspath"))).trim();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (setup > 0) {
      command.add(
          "-javaagent:"
              + System.getProperty("neuronwatch.agentJar")
              + "=server="
              + server.uri()
              + ",run="
              + run
              + ",sampleEvery="
              + (setup == 1 ? 10 : 1));
    }
    command.add(
        "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir"));
    command.addAll(List.of("-cp", classpath, JOB, String.valueOf(steps)));
    Path out = logs.resolve(run + ".out");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
    builder.environment().put("OMP_NUM_THREADS", "1");
    Process process = builder.start();
    assertThat(process.waitFor(600, TimeUnit.SECONDS)).as(run).isTrue();
    String output = Files.readString(out);
    assertThat(process.exitValue()).as(output).isZero();
    Matcher training = TRAINING.matcher(output);
    assertThat(training.find()).as(output).isTrue();
    return new double[] {
      Double.parseDouble(training.group(1)), Double.parseDouble(training.group(2))
    };
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
