package dev.neuronwatch.deploy;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Waits for something to become true by asking again every {@link #INTERVAL} until a deadline; no
 * fixed sleeps. A probe that throws counts as "not yet" (a port not listening yet), and its last
 * exception is kept for the failure message, except for {@link AssertionError}, which ends the wait
 * at once (a process that died will not come back).
 *
 * <pre>{@code
 * JsonNode alert = Poll.until("the alert in Alertmanager", Duration.ofSeconds(90),
 *     () -> findAlert(alertmanager.alerts()));
 * }</pre>
 */
final class Poll {
  static final Duration INTERVAL = Duration.ofMillis(250);

  private Poll() {}

  /** The first present value {@code probe} gives before {@code timeout} runs out. */
  static <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException lastFailure = null;
    while (true) {
      try {
        Optional<T> value = probe.get();
        if (value.isPresent()) {
          return value.get();
        }
      } catch (RuntimeException e) {
        lastFailure = e;
      }
      if (System.nanoTime() - deadline >= 0) {
        AssertionError timedOut =
            new AssertionError("gave up waiting for " + what + " after " + timeout);
        if (lastFailure != null) {
          timedOut.initCause(lastFailure);
        }
        throw timedOut;
      }
      try {
        Thread.sleep(INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }
}
