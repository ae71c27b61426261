package dev.neuronwatch.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/**
 * What must hold after a {@link Soak}, whatever its length: correctness only, never a timing. Every
 * acknowledged sample of every legitimate run is on the server after the restarts and a last
 * SIGKILL, and nothing else of it is; every agent's counts add up, on the agent and on the server;
 * no legitimate push was refused or left unanswered while the server was up, attack or not; the
 * attackers met the bounds (408 for slow bodies, the connection bound, 429 from the memory budget);
 * the server stayed within its heap and memory budget and logged no stack trace.
 */
final class SoakChecks {
  /** The journal keeps a run's first 16 and latest 1000 pushes: beyond, counts cover only those. */
  private static final int JOURNAL_KEEPS = 1016;

  private SoakChecks() {}

  static void assertHolds(SoakReport report) {
    assertServerHeld(report);
    for (SoakReport.Job job : report.jobs()) {
      assertEverySampleAccountedFor(job);
    }
    assertPushesKeptSucceeding(report);
    assertAttackersMetTheBounds(report);
  }

  private static void assertServerHeld(SoakReport report) {
    SoakReport.Server server = report.server();
    assertThat(server.aliveAtEnd())
        .as("the server still runs; log %s", report.serverLog())
        .isTrue();
    assertThat(server.outOfMemory()).as("OutOfMemoryError in %s", report.serverLog()).isFalse();
    assertThat(server.exceptionsLogged()).as("stack traces in %s", report.serverLog()).isEmpty();
    assertThat(report.restarts())
        .extracting(Soak.Restart::how)
        .containsExactly("SIGTERM", "SIGKILL");
    assertThat(server.scrapes()).as("scrapes of /metrics").isPositive();
    assertThat(server.scrapesOverBudget())
        .as("scrapes with more stored layers than the budget")
        .isZero();
    assertThat(server.peakStoredLayers()).isLessThanOrEqualTo(server.budgetLayers());
  }

  private static void assertEverySampleAccountedFor(SoakReport.Job job) {
    String run = job.run();
    Accounting.assertSettled(job.closed());
    assertThat(job.shortAnswers())
        .as("%s: answers that left samples neither accepted nor duplicates", run)
        .isZero();
    assertThat(job.attempts().stream().filter(RecordingSink.Attempt::acknowledged).count())
        .as("%s: acknowledged pushes, within what the journal keeps of a run", run)
        .isLessThanOrEqualTo(JOURNAL_KEEPS);
    assertThat(job.closed().samplesPushed())
        .as("%s: samples the agent counts as pushed = samples the server acknowledged", run)
        .isEqualTo(job.acknowledged().size());
    RunView held = job.held();
    assertThat(held).as("%s on the server", run).isNotNull();
    assertThat(held.samples())
        .as("%s: samples the server holds after the restarts = samples it acknowledged", run)
        .isEqualTo(job.acknowledged().size());
    assertThat(held.lastStep()).as("%s: last step", run).isEqualTo(job.acknowledged().last());
    assertThat(held.attempt()).as("%s: attempt (a restart is no re-run)", run).isEqualTo(1);
    assertThat(held.finished()).as("%s: finished", run).isTrue();
    Accounting.assertSettled(held);
    assertThat(held.agent().samplesPushed())
        .as("%s: the agent's pushed count as the server holds it", run)
        .isEqualTo(job.closed().samplesPushed());

    RunsApi.Series loss = job.loss();
    assertThat(loss.steps()).as("%s: loss series steps", run).isNotEmpty();
    assertThat(job.acknowledged()).as("%s: acknowledged steps", run).containsAll(loss.steps());
    assertThat(loss.steps().get(loss.steps().size() - 1)).isEqualTo(job.acknowledged().last());
    // The series serves the shortest decimal of the float it keeps.
    List<Double> expected = new ArrayList<>();
    loss.steps()
        .forEach(
            step -> expected.add(Double.valueOf(Float.toString((float) SoakAgent.loss(step)))));
    assertThat(loss.values()).as("%s: the loss of every step shown", run).isEqualTo(expected);
    if (loss.stride() == 1) {
      // The history holds every sample: each acknowledged step is there, in order.
      assertThat(loss.steps())
          .as("%s: every acknowledged step", run)
          .containsExactlyElementsOf(job.acknowledged());
    }
  }

  private static void assertPushesKeptSucceeding(SoakReport report) {
    List<RecordingSink.Attempt> under = report.underAttack();
    assertThat(under).as("legitimate pushes under attack with the server up").isNotEmpty();
    assertThat(under)
        .as("legitimate pushes under attack, the server up, not answered 200 (status 0: no answer)")
        .filteredOn(attempt -> !attempt.acknowledged())
        .isEmpty();
    for (SoakReport.Job job : report.jobs()) {
      assertThat(job.attempts())
          .as("%s: pushes acknowledged under attack", job.run())
          .anyMatch(a -> a.acknowledged() && a.startNanos() > report.attackFromNanos());
    }
  }

  private static void assertAttackersMetTheBounds(SoakReport report) {
    SoakReport.Attack attack = report.attack();
    assertThat(attack.floodBudgetRefusals())
        .as("flood pushes refused by the memory budget")
        .isPositive();
    // 503: a push that came as the server was stopping for a restart.
    assertThat(attack.floodOtherAnswers().keySet())
        .as("flood answers other than 200, 429 and 503")
        .allMatch(answer -> answer.startsWith("503 "));
    assertThat(attack.slowConnections()).as("slow-client connections").isPositive();
    assertThat(report.server().rejections())
        .as("pushes the server refused, by reason")
        .hasEntrySatisfying("slow_body", n -> assertThat(n).isPositive())
        .hasEntrySatisfying("connection_limit", n -> assertThat(n).isPositive())
        .hasEntrySatisfying("memory_budget", n -> assertThat(n).isPositive());
  }
}
