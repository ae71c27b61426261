package dev.neuronwatch.cli;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.protocol.Alert;
import dev.neuronwatch.settings.InvalidSettingException;
import dev.neuronwatch.trainer.scenario.Scenario;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code neuronwatch demo}: starts the server, trains every scenario against it with the agent
 * attached, prints each alert as it fires and a table of what each scenario raised, then leaves the
 * server up (or stops with {@code --exit}). Exits with 1 when a scenario did not raise its expected
 * alert or the healthy run raised one.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Start the server, train every scenario against it and print the alerts as they fire.",
      "The server stays up afterwards for /metrics and /api/v1/alerts, unless --exit."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ServerOptions serverOptions;

  @Option(
      names = "--scenarios",
      split = ",",
      defaultValue =
          "healthy,dying-relu,vanishing-gradients,exploding-gradients,saturation,loss-spike,"
              + "frozen-layer,deep-relu-xavier,small-init-sigmoid",
      description = "Scenarios to run, comma-separated (default: ${DEFAULT-VALUE}).")
  List<String> scenarios;

  @Option(
      names = "--sample-every",
      defaultValue = "" + AgentConfig.DEFAULT_SAMPLE_EVERY,
      description = "Agent samples every N steps (default: ${DEFAULT-VALUE}).")
  int sampleEvery;

  @Option(
      names = "--exit",
      description = "Stop the server and exit when the scenarios are done (default: false).")
  boolean exit;

  /**
   * The demo prints every alert itself, so the server's own alert log and Javalin's start-up lines
   * would only repeat it. Effective only before the first logger exists, which is the case here.
   */
  private static void quietServerLogs() {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
      System.setProperty(
          "org.slf4j.simpleLogger.log.dev.neuronwatch.server.rules.AlertLog", "error");
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    AgentConfig agent;
    try {
      agent = AgentConfig.builder().run("demo").sampleEvery(sampleEvery).build();
    } catch (InvalidSettingException e) {
      throw SettingFlags.usageError(spec, e, "--sample-every");
    }
    List<Scenario> chosen = new ArrayList<>();
    for (String name : scenarios) {
      try {
        chosen.add(Scenario.fromName(name));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--scenarios", e.getMessage());
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    quietServerLogs();
    RunningServer server = serverOptions.start(spec.commandLine().getParseResult(), false);
    try {
      URI base = server.baseUri();
      out.printf("Neuronwatch server listening on %s%n", base);
      out.printf("Watch the runs live in a browser: %s/%n", base);
      List<DemoOutcome> outcomes = new ArrayList<>();
      TrainingSession session =
          new TrainingSession(out, agent.toBuilder().serverUri(base).build(), false, null);
      for (Scenario scenario : chosen) {
        out.printf("%n== %s: %s%n", scenario.cliName(), scenario.description());
        String runName = "demo-" + scenario.cliName();
        TrainingReport summary = session.run(runName, scenario.cliName(), scenario.config());
        List<Alert> raised = server.alertsOf(runName);
        DemoOutcome outcome = DemoOutcome.of(scenario, summary, raised);
        out.println("   " + outcome.line());
        outcomes.add(outcome);
      }
      out.println();
      out.println(DemoOutcome.table(outcomes));
      boolean allAsExpected = outcomes.stream().allMatch(DemoOutcome::asExpected);
      if (!exit) {
        out.printf(
            "%nThe server stays up: the page %s/  and  %s/metrics  %s/api/v1/alerts  %s/api/v1/runs"
                + "  (Ctrl-C to stop)%n",
            base, base, base, base);
        out.flush();
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        forever.await();
      }
      return allAsExpected ? 0 : 1;
    } finally {
      if (exit) {
        server.close();
      }
    }
  }
}
