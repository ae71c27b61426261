package dev.neuronwatch.agent.push;

import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.PushResponse;
import dev.neuronwatch.protocol.StepSample;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;

/**
 * One push attempt of one batch and what follows from its outcome: counters, the retry wait,
 * alerts, and logging that stays quiet while the server is down (the first failure of a streak and
 * the recovery at WARNING and INFO, the attempts in between at DEBUG). Push thread only.
 */
final class Delivery {
  /**
   * How an attempt ended: the batch is settled (accepted, or dropped for good), must wait {@code
   * retryIn} before it is pushed again, or is too large for the server and goes in smaller parts.
   */
  record Outcome(Duration retryIn, boolean tooLarge) {
    static final Outcome SETTLED = new Outcome(null, false);
    static final Outcome TOO_LARGE = new Outcome(Duration.ZERO, true);

    static Outcome retryIn(Duration wait) {
      return new Outcome(wait, false);
    }

    boolean settled() {
      return retryIn == null;
    }
  }

  /** The status of a push the server finds too large. */
  static final int TOO_LARGE_STATUS = 413;

  private static final Logger LOG = System.getLogger(Delivery.class.getName());

  private final String run;
  private final String attemptName;
  private final PushSink sink;
  private final DeliveryCounters counters;
  private final Backoff backoff;
  private final FiringAlerts alerts;
  private int consecutiveFailures;
  // An attempt of the current batch failed without an answer: the server may have stored it.
  private boolean answerLost;
  private boolean rejectionLogged;
  private boolean authRejectionLogged;
  private boolean splitLogged;
  // The status of the latest refusal for good, 0 once a push is accepted; read from any thread.
  private volatile int refusedStatus;
  // The run's attempt number on the server, from the latest answer; 0 before one said.
  private volatile int attempt;

  Delivery(
      String run,
      String attemptName,
      PushSink sink,
      DeliveryCounters counters,
      Backoff backoff,
      FiringAlerts alerts) {
    this.run = run;
    this.attemptName = attemptName;
    this.sink = sink;
    this.counters = counters;
    this.backoff = backoff;
    this.alerts = alerts;
  }

  /**
   * Pushes {@code batch} once. A batch of several samples the server refuses as too large (413) is
   * not dropped: the caller is to push it in smaller parts; a single sample too large is dropped.
   */
  Outcome attempt(List<StepSample> batch, boolean finished) {
    PushRequest request;
    try {
      request =
          new PushRequest(
              run, batch, counters.snapshotDelivering(batch.size()), finished, attemptName);
    } catch (IllegalArgumentException e) {
      counters.dropped(batch.size());
      LOG.log(Level.WARNING, "dropped " + batch.size() + " samples that break the protocol", e);
      return Outcome.SETTLED;
    }
    try {
      PushResponse response = sink.push(request);
      if (response == null) {
        throw new IOException("the sink returned no response");
      }
      accepted(batch.size(), response);
      return Outcome.SETTLED;
    } catch (PushRejectedException e) {
      counters.failedPush();
      if (e.retryable()) {
        return Outcome.retryIn(failed(e, e.retryAfter().orElse(null)));
      }
      if (e.status() == TOO_LARGE_STATUS && batch.size() > 1) {
        tooLarge(batch.size(), e);
        return Outcome.TOO_LARGE;
      }
      rejected(batch.size(), e);
      return Outcome.SETTLED;
    } catch (Throwable t) {
      counters.failedPush();
      answerLost = true;
      return Outcome.retryIn(failed(t, null));
    }
  }

  /**
   * Counts an answered push. The server stores the samples after the run's last step and says how
   * many of the others it already held ({@code duplicates}, a retry of a push whose answer was
   * lost): both count as pushed, and only what the server neither took nor held as dropped. An
   * older server does not say; then, after an attempt whose answer was lost (a timeout, a reset
   * connection), the samples a retry's answer leaves out were stored by that attempt, as this agent
   * only sends increasing steps: they count as pushed too.
   */
  private void accepted(int sent, PushResponse response) {
    long held = (long) response.accepted() + response.duplicates();
    int accepted = answerLost ? sent : (int) Math.max(0, Math.min(sent, held));
    answerLost = false;
    refusedStatus = 0;
    if (response.attempt() != null) {
      attempt = response.attempt();
    }
    if (response.newAttempt()) {
      LOG.log(
          Level.INFO,
          "the server started attempt "
              + response.attempt()
              + " of run "
              + run
              + ": the run's earlier attempt, its alerts and history ended there");
    }
    counters.pushed(accepted);
    counters.dropped(sent - accepted);
    if (consecutiveFailures > 0) {
      LOG.log(Level.INFO, "push recovered after " + consecutiveFailures + " failed attempts");
      consecutiveFailures = 0;
    }
    alerts.update(response.firing());
  }

  private Duration failed(Throwable t, Duration retryAfter) {
    consecutiveFailures++;
    Duration wait = backoff.delay(consecutiveFailures, retryAfter);
    if (Thread.currentThread().isInterrupted()) {
      LOG.log(Level.DEBUG, "push interrupted while closing (" + describe(t) + ")");
    } else if (consecutiveFailures == 1) {
      LOG.log(
          Level.WARNING,
          "push failed ("
              + describe(t)
              + "); retrying with backoff, further failures are"
              + " logged at DEBUG until a push succeeds");
    } else if (LOG.isLoggable(Level.DEBUG)) {
      LOG.log(
          Level.DEBUG,
          "push attempt "
              + consecutiveFailures
              + " failed ("
              + describe(t)
              + "); next in "
              + wait.toMillis()
              + " ms");
    }
    return wait;
  }

  private void tooLarge(int samples, PushRejectedException e) {
    Level level = splitLogged ? Level.DEBUG : Level.WARNING;
    splitLogged = true;
    LOG.log(
        level,
        "the server refused a push of "
            + samples
            + " samples as too large ("
            + e.getMessage()
            + "); sending smaller pushes");
  }

  private void rejected(int dropped, PushRejectedException e) {
    answerLost = false;
    refusedStatus = e.status();
    counters.dropped(dropped);
    consecutiveFailures = 0;
    if (e.status() == 401 || e.status() == 403) {
      Level level = authRejectionLogged ? Level.DEBUG : Level.ERROR;
      authRejectionLogged = true;
      LOG.log(
          level,
          "the server refuses this agent's token ("
              + e.getMessage()
              + "): no sample of run "
              + run
              + " reaches the server; dropped "
              + dropped
              + " samples and will drop every"
              + " push until the token matches the server's write token"
              + " (AgentConfig.token, NEURONWATCH_WRITE_TOKEN)");
      return;
    }
    Level level = rejectionLogged ? Level.DEBUG : Level.WARNING;
    rejectionLogged = true;
    LOG.log(level, "the server refused " + dropped + " samples, dropping them: " + e.getMessage());
  }

  /** The run's attempt number on the server from the latest answer, 0 before one said. */
  int attempt() {
    return attempt;
  }

  /** The status of the latest refusal for good, 0 once a later push was accepted. */
  int refusedStatus() {
    return refusedStatus;
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    String type = t.getClass().getSimpleName();
    return message == null ? type : type + ": " + message;
  }
}
