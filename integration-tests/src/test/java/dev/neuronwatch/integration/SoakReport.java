package dev.neuronwatch.integration;

import dev.neuronwatch.agent.AgentStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;

/**
 * What one {@link Soak} counted: per legitimate job its agent's final counters, the steps the
 * server acknowledged, every push attempt and what the server holds of the run at the end (after a
 * last SIGKILL and start); the restarts; the attackers' counts; and the server's heap, memory
 * budget and refusals as its {@code /metrics} showed them. {@link #text()} puts the figures in a
 * few lines.
 */
record SoakReport(
    Soak.Settings settings,
    long attackFromNanos,
    long attackToNanos,
    List<Soak.Restart> restarts,
    Soak.Restart afterwards,
    List<Job> jobs,
    Attack attack,
    Server server,
    Path serverLog) {

  /** One legitimate job: its side and the server's. */
  record Job(
      String run,
      long steps,
      AgentStatus closed,
      NavigableSet<Long> acknowledged,
      List<RecordingSink.Attempt> attempts,
      int shortAnswers,
      RunView held,
      RunsApi.Series loss) {}

  /** The attackers' counts. */
  record Attack(
      long slowConnections,
      long slowTimeoutAnswers,
      long floodAccepted,
      long floodBudgetRefusals,
      long floodRunLimitRefusals,
      long floodOtherStatuses,
      Map<String, Long> floodOtherAnswers,
      long floodNoAnswer) {}

  /** The server as its process and {@code /metrics} showed it. */
  record Server(
      boolean aliveAtEnd,
      boolean outOfMemory,
      Map<String, Long> exceptionsLogged,
      long peakHeapBytes,
      long peakLiveBytes,
      long peakStoredLayers,
      long budgetLayers,
      long scrapesOverBudget,
      long gcPauseMillis,
      long scrapes,
      Map<String, Long> rejections) {}

  /** Whether an attempt overlapped a restart, from the stop until the server answered again. */
  boolean duringARestart(RecordingSink.Attempt attempt) {
    return restarts.stream().anyMatch(r -> attempt.overlaps(r.fromNanos(), r.toNanos()));
  }

  /** The legitimate push attempts made while the attack ran and the server was up. */
  List<RecordingSink.Attempt> underAttack() {
    List<RecordingSink.Attempt> under = new ArrayList<>();
    for (Job job : jobs) {
      for (RecordingSink.Attempt attempt : job.attempts()) {
        if (attempt.overlaps(attackFromNanos, attackToNanos) && !duringARestart(attempt)) {
          under.add(attempt);
        }
      }
    }
    return under;
  }

  /** Every legitimate push attempt outside the restarts, before, during or after the attack. */
  List<RecordingSink.Attempt> outsideRestarts() {
    List<RecordingSink.Attempt> outside = new ArrayList<>();
    for (Job job : jobs) {
      job.attempts().stream().filter(a -> !duringARestart(a)).forEach(outside::add);
    }
    return outside;
  }

  /** The latency at quantile {@code q} (0 to 1) of {@code attempts}, nearest rank. */
  static Duration latency(List<RecordingSink.Attempt> attempts, double q) {
    if (attempts.isEmpty()) {
      return Duration.ZERO;
    }
    List<Long> nanos = new ArrayList<>(attempts.size());
    attempts.forEach(a -> nanos.add(a.endNanos() - a.startNanos()));
    Collections.sort(nanos);
    int rank = (int) Math.ceil(q * nanos.size());
    return Duration.ofNanos(nanos.get(Math.max(0, Math.min(nanos.size(), rank) - 1)));
  }

  /** The figures, one subject a line. */
  String text() {
    long taken = 0;
    long pushed = 0;
    long dropped = 0;
    long held = 0;
    long duplicates = 0;
    long attempts = 0;
    int maxPushes = 0;
    for (Job job : jobs) {
      taken += job.closed().samplesTaken();
      pushed += job.closed().samplesPushed();
      dropped += job.closed().samplesDropped();
      held += job.held() == null ? 0 : job.held().samples();
      attempts += job.attempts().size();
      int acknowledgedPushes = 0;
      for (RecordingSink.Attempt attempt : job.attempts()) {
        duplicates += attempt.duplicates();
        acknowledgedPushes += attempt.acknowledged() ? 1 : 0;
      }
      maxPushes = Math.max(maxPushes, acknowledgedPushes);
    }
    List<RecordingSink.Attempt> under = underAttack();
    long refusedUnder = under.stream().filter(a -> a.status() != 200 && a.status() != 0).count();
    long unansweredUnder = under.stream().filter(a -> a.status() == 0).count();
    long failedInRestarts =
        jobs.stream()
            .flatMap(j -> j.attempts().stream())
            .filter(a -> duringARestart(a) && !a.acknowledged())
            .count();
    List<RecordingSink.Attempt> outside = outsideRestarts();
    StringBuilder text = new StringBuilder();
    line(
        text,
        "Soak: %d agents, %s of attack, %.0f steps/s each (every step sampled, 3 layers),"
            + " server %s",
        settings.agents(),
        Duration.ofNanos(attackToNanos - attackFromNanos).toSeconds() + " s",
        settings.stepsPerSecond(),
        Soak.HEAP);
    for (Soak.Restart restart : restarts) {
      line(
          text,
          "  restart by %s: exit status %d, answering again after %.1f s",
          restart.how(),
          restart.exitStatus(),
          restart.length().toMillis() / 1000.0);
    }
    line(
        text,
        "  after the agents closed, %s: exit status %d, answering again after %.1f s; what the"
            + " server holds of the runs below is read from it, rebuilt from its journal alone",
        afterwards.how(),
        afterwards.exitStatus(),
        afterwards.length().toMillis() / 1000.0);
    line(
        text,
        "  agents: taken %d = pushed %d + dropped %d; the server holds %d samples of their runs;"
            + " %d samples answered as duplicates (retries of pushes whose answer was lost);"
            + " at most %d acknowledged pushes a run",
        taken,
        pushed,
        dropped,
        held,
        duplicates,
        maxPushes);
    line(
        text,
        "  legitimate push attempts: %d in all; under attack with the server up: %d, of which"
            + " %d refused and %d unanswered; %d failed during the restarts",
        attempts,
        under.size(),
        refusedUnder,
        unansweredUnder,
        failedInRestarts);
    line(
        text,
        "  push latency outside the restarts (%d attempts): p50 %.1f ms, p99 %.1f ms, max %.1f ms",
        outside.size(),
        millis(latency(outside, 0.5)),
        millis(latency(outside, 0.99)),
        millis(latency(outside, 1.0)));
    line(
        text,
        "  slow clients: %d connections, %d answered 408; flood: %d new runs of %d layers taken,"
            + " %d refused by the memory budget, %d by the run limit, %d other answers, %d"
            + " unanswered",
        attack.slowConnections(),
        attack.slowTimeoutAnswers(),
        attack.floodAccepted(),
        Soak.FLOOD_LAYERS,
        attack.floodBudgetRefusals(),
        attack.floodRunLimitRefusals(),
        attack.floodOtherStatuses(),
        attack.floodNoAnswer());
    if (attack.floodOtherStatuses() > 0) {
      line(text, "  flood's other answers: %s", attack.floodOtherAnswers());
    }
    line(
        text,
        "  server: peak heap used %.0f MB of 256 MB (live after a collection at most %.0f MB),"
            + " stored layers at most %d of a budget of %d"
            + " (%d scrapes over it), GC pauses %.1f s in all, out of memory: %s, alive at the"
            + " end: %s",
        server.peakHeapBytes() / 1e6,
        server.peakLiveBytes() / 1e6,
        server.peakStoredLayers(),
        server.budgetLayers(),
        server.scrapesOverBudget(),
        server.gcPauseMillis() / 1000.0,
        server.outOfMemory() ? "yes" : "no",
        server.aliveAtEnd() ? "yes" : "no");
    line(text, "  refused pushes by reason (server): %s", server.rejections());
    line(text, "  exceptions in the server's log: %s", server.exceptionsLogged());
    return text.toString();
  }

  private static double millis(Duration duration) {
    return duration.toNanos() / 1e6;
  }

  private static void line(StringBuilder text, String format, Object... args) {
    text.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
