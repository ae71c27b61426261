package dev.neuronwatch.detection;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark's command line: runs a tier and writes the Markdown report.
 *
 * <pre>{@code
 * java -jar detection/target/detection.jar --tier full --out detection-full.md
 * }</pre>
 */
@Command(
    name = "detection",
    mixinStandardHelpOptions = true,
    description =
        "Trains labelled pathological and healthy runs against an in-process Neuronwatch server "
            + "and reports recall, false alarms, lead time and flapping per alert rule.")
public final class DetectionCli implements Callable<Integer> {
  @Option(
      names = "--tier",
      defaultValue = "quick",
      description = "quick or full (default: ${DEFAULT-VALUE}).")
  private String tier;

  @Option(names = "--out", description = "Markdown file to write; standard output when absent.")
  private Path out;

  @Option(
      names = "--filter",
      defaultValue = ".*",
      description =
          "Only the runs whose id (group/sSEED/eEVERY, e.g."
              + " healthy/tanh-moons-3x64-adam0.001/s7/e10) matches this regular expression"
              + " anywhere (default: all).")
  private Pattern filter;

  @Option(
      names = "--threads",
      defaultValue = "2",
      description = "Training threads, 1 or 2 (default: ${DEFAULT-VALUE}).")
  private int threads;

  @Option(
      names = "--step-millis",
      defaultValue = "0",
      description =
          "Every monitored training step takes at least this many milliseconds of wall time, as"
              + " a real job's would (default: ${DEFAULT-VALUE}, the reference network's own pace"
              + " of about 1 ms).")
  private long stepMillis;

  private final PrintWriter stdout;

  DetectionCli(PrintWriter stdout) {
    this.stdout = stdout;
  }

  public static void main(String[] args) {
    // The server logs every alert transition; the report carries them, so keep stderr readable.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    PrintWriter stdout = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    System.exit(new CommandLine(new DetectionCli(stdout)).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    Tier chosen = Tier.fromName(tier);
    if (stepMillis < 0) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--step-millis must not be negative, was " + stepMillis);
    }
    BenchmarkResult result =
        DetectionBenchmark.run(chosen, filter, threads, Duration.ofMillis(stepMillis), System.err);
    String command =
        "java -jar detection/target/detection.jar --tier "
            + chosen.cliName()
            + (filter.pattern().equals(".*") ? "" : " --filter '" + filter.pattern() + "'")
            + (stepMillis == 0 ? "" : " --step-millis " + stepMillis)
            + (out == null ? "" : " --out " + out.getFileName());
    String markdown = MarkdownReport.render(result, command);
    if (out == null) {
      stdout.print(markdown);
      stdout.flush();
    } else {
      Files.writeString(out, markdown, StandardCharsets.UTF_8);
      System.err.println("wrote " + out);
    }
    return 0;
  }
}
