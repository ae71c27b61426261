package dev.neuronwatch.agent.push;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WakePacerTest {
  private static final long MS = 1_000_000L;
  private static final long NEVER = Long.MAX_VALUE / 2;

  @Test
  void looksAgainAboutWhenTheBatchFillsAtTheRateJustSeen() {
    WakePacer pacer = new WakePacer(64, 0);
    pacer.drained(0, 0);

    // 16 samples in 10 ms: the other 48 take 30 ms more.
    assertThat(pacer.nextLook(10 * MS, 16, NEVER)).isEqualTo(40 * MS);
  }

  @Test
  void waitsLongerAndLongerWhileNothingArrivesUpToItsMaximum() {
    WakePacer pacer = new WakePacer(64, 0);
    long now = 0;
    long wait = 0;
    for (int look = 0; look < 20; look++) {
      long next = pacer.nextLook(now, 0, NEVER);
      assertThat(next - now).isGreaterThanOrEqualTo(wait);
      wait = next - now;
      now = next;
    }

    assertThat(wait).isEqualTo(WakePacer.MAX_WAIT_NANOS);
  }

  @Test
  void neverLooksLaterThanTheFlushDeadline() {
    WakePacer pacer = new WakePacer(64, 0);
    pacer.drained(0, 0);

    // One sample in 10 ms would take 630 ms to fill the batch; the flush is due in 5 ms.
    assertThat(pacer.nextLook(10 * MS, 1, 15 * MS)).isEqualTo(15 * MS);
  }

  @Test
  void neverLooksSoonerThanItsMinimumHoweverFastSamplesArrive() {
    WakePacer pacer = new WakePacer(64, 0);
    pacer.drained(0, 0);

    assertThat(pacer.nextLook(100_000, 63, NEVER)).isEqualTo(100_000 + WakePacer.MIN_WAIT_NANOS);
  }

  @Test
  void aSlowTrickleOfSamplesIsLookedAtNoLessOftenThanTheMaximumWait() {
    WakePacer pacer = new WakePacer(64, 0);
    pacer.drained(0, 0);

    assertThat(pacer.nextLook(40 * MS, 1, NEVER)).isEqualTo(40 * MS + WakePacer.MAX_WAIT_NANOS);
  }
}
