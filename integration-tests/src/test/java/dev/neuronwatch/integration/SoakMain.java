package dev.neuronwatch.integration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The long soak: {@code --minutes} (10) of {@code --agents} (20) agents at {@code
 * --steps-per-second} (10) each, then the figures and whether every check of {@link SoakChecks}
 * holds (exit status 1 when one fails). The server's log and data directory stay in a temporary
 * directory, printed at the start.
 *
 * <pre>{@code
 * java -cp ... dev.neuronwatch.integration.SoakMain --minutes 10 --agents 20
 * }</pre>
 */
public final class SoakMain {
  private SoakMain() {}

  /** Runs the soak with the settings of the command line. */
  public static void main(String[] args) throws Exception {
    double minutes = 10;
    int agents = 20;
    double stepsPerSecond = 10;
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--minutes" -> minutes = Double.parseDouble(value);
        case "--agents" -> agents = Integer.parseInt(value);
        case "--steps-per-second" -> stepsPerSecond = Double.parseDouble(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path workDir = Files.createTempDirectory("neuronwatch-soak");
    System.out.println("Soak working directory (server log, data): " + workDir);
    Duration duration = Duration.ofMillis(Math.round(minutes * 60_000));
    SoakReport report = Soak.run(new Soak.Settings(duration, agents, stepsPerSecond, workDir));
    System.out.print(report.text());
    try {
      SoakChecks.assertHolds(report);
      System.out.println("Every check holds.");
    } catch (AssertionError e) {
      System.out.println("A check failed: " + e.getMessage());
      System.exit(1);
    }
    System.exit(0);
  }
}
