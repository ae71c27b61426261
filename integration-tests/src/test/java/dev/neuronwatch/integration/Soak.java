package dev.neuronwatch.integration;

import dev.neuronwatch.agent.AgentStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The soak: a server in a process of its own with a data directory, {@code agents} real agents
 * pushing every step of a small network, and at the same time a slow-client attacker ({@link
 * SlowClients}) and a cardinality flood ({@link CardinalityFlood}); a third of the way through the
 * server is stopped with SIGTERM and started again on the same port and directory, two thirds of
 * the way through it is killed with SIGKILL and started again. At the end the agents close, the
 * server is killed with SIGKILL once more and started again, so that all it holds of the runs comes
 * from its journal, and {@link SoakReport} holds what every side counted and what the server holds.
 *
 * <pre>{@code
 * SoakReport report = Soak.run(new Soak.Settings(Duration.ofSeconds(30), 4, 5, workDir));
 * SoakChecks.assertHolds(report);
 * }</pre>
 */
final class Soak {
  /**
   * @param duration how long the agents train, from the moment every one has its first acknowledged
   *     push
   * @param agents how many legitimate jobs push at once
   * @param stepsPerSecond each job's training pace; every step is sampled
   * @param workDir where the server's data directory and log go
   */
  record Settings(Duration duration, int agents, double stepsPerSecond, Path workDir) {}

  /** One restart: how, and from when it began until the server answered again. */
  record Restart(String how, long fromNanos, long toNanos, int exitStatus) {
    Duration length() {
      return Duration.ofNanos(toNanos - fromNanos);
    }
  }

  /** The server's heap; the memory budget is sized from it. */
  static final String HEAP = "-Xmx256m";

  /**
   * The server's settings besides port and data directory: the defaults, but a body read timeout of
   * 5 s (10 s by default) so that even the short soak sees slow clients cut off between restarts.
   */
  static final String CONFIG = "bodyReadTimeout: 5s\n";

  /** More than the server's 64 connections per address. */
  static final int SLOW_CONNECTIONS = 80;

  static final Duration SLOW_BYTE_EVERY = Duration.ofSeconds(2);
  static final int FLOOD_LAYERS = 64;
  static final Duration FLOOD_PAUSE = Duration.ofMillis(50);

  private static final Duration FIRST_PUSH_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration ATTACK_TIMEOUT = Duration.ofSeconds(120);

  private Soak() {}

  static SoakReport run(Settings settings) throws Exception {
    int port = LiveServer.freePort();
    Path log = settings.workDir().resolve("server.log");
    Path config = Files.writeString(settings.workDir().resolve("server.yaml"), CONFIG);
    List<Restart> restarts = new ArrayList<>();
    List<SoakAgent> jobs = new ArrayList<>();
    try (ServerProcess server =
            ServerProcess.start(
                port,
                settings.workDir().resolve("data"),
                config,
                log,
                HEAP,
                "-XX:+ExitOnOutOfMemoryError");
        ServerWatch watch = ServerWatch.start(server.uri(), Duration.ofSeconds(1))) {
      for (int i = 0; i < settings.agents(); i++) {
        jobs.add(SoakAgent.start("soak-" + i, server.uri(), settings.stepsPerSecond(), 1000 + i));
      }
      // Every job's layers are stored before the flood fills the memory budget.
      Await.until(
          "a first acknowledged push of every job",
          FIRST_PUSH_TIMEOUT,
          () -> jobs.stream().allMatch(job -> !job.sink().acknowledged().isEmpty()));
      long attackFrom = System.nanoTime();
      long attackTo;
      SoakReport.Attack attack;
      try (SlowClients attacker =
              SlowClients.start(server.uri(), SLOW_CONNECTIONS, SLOW_BYTE_EVERY);
          CardinalityFlood flood =
              CardinalityFlood.start(server.uri(), FLOOD_LAYERS, FLOOD_PAUSE)) {
        long third = settings.duration().toNanos() / 3;
        sleepUntil(attackFrom + third);
        restarts.add(restart(server, watch, "SIGTERM", false));
        sleepUntil(attackFrom + 2 * third);
        restarts.add(restart(server, watch, "SIGKILL", true));
        sleepUntil(attackFrom + settings.duration().toNanos());
        // On a machine too busy for the attack to have met the bounds yet, it goes on until it has.
        Await.until(
            "the memory budget's refusal of the flood and a slow body's 408",
            ATTACK_TIMEOUT,
            () -> flood.budgetRefusals() > 0 && attacker.timeoutAnswers() > 0);
        attackTo = System.nanoTime();
        attack =
            new SoakReport.Attack(
                attacker.connections(),
                attacker.timeoutAnswers(),
                flood.accepted(),
                flood.budgetRefusals(),
                flood.runLimitRefusals(),
                flood.otherStatuses(),
                flood.otherAnswers(),
                flood.noAnswer());
      }
      List<AgentStatus> closed = new ArrayList<>();
      for (SoakAgent job : jobs) {
        closed.add(job.stop());
      }
      boolean aliveAtEnd = server.alive();
      watch.scrapeNow();
      // What the server holds from here on comes from its journal alone.
      Restart afterwards = restart(server, watch, "SIGKILL", true);
      RunsApi api = new RunsApi(server.uri());
      Map<String, RunView> held = api.runs();
      List<SoakReport.Job> results = new ArrayList<>();
      for (int i = 0; i < jobs.size(); i++) {
        SoakAgent job = jobs.get(i);
        RunView run = held.get(job.run());
        results.add(
            new SoakReport.Job(
                job.run(),
                job.steps(),
                closed.get(i),
                job.sink().acknowledged(),
                job.sink().attempts(),
                job.sink().shortAnswers(),
                run,
                run == null ? null : api.loss(job.run())));
      }
      return new SoakReport(
          settings,
          attackFrom,
          attackTo,
          restarts,
          afterwards,
          results,
          attack,
          new SoakReport.Server(
              aliveAtEnd,
              server.logText().contains("java.lang.OutOfMemoryError"),
              server.exceptionsLogged(),
              watch.peakHeapBytes(),
              watch.peakLiveBytes(),
              watch.peakStoredLayers(),
              watch.budgetLayers(),
              watch.overBudget(),
              watch.gcPauseMillis(),
              watch.scrapes(),
              watch.rejections()),
          log);
    } finally {
      for (SoakAgent job : jobs) {
        job.stopQuietly();
      }
    }
  }

  /** Stops the server (politely or with SIGKILL) and starts it again on the same directory. */
  private static Restart restart(
      ServerProcess server, ServerWatch watch, String how, boolean kill) {
    if (!server.alive()) {
      throw new AssertionError("the server exited on its own; its log:\n" + server.logText());
    }
    watch.scrapeNow();
    long from = System.nanoTime();
    int status = kill ? server.kill() : server.stop();
    server.startAgain();
    return new Restart(how, from, System.nanoTime(), status);
  }

  private static void sleepUntil(long nanos) {
    long wait = nanos - System.nanoTime();
    if (wait > 0) {
      Await.pause(Duration.ofNanos(wait));
    }
  }
}
