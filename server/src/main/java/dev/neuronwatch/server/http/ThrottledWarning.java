package dev.neuronwatch.server.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One kind of warning written at most once per interval, each line saying how many like it were
 * left out since the one before. Under an attack a server refuses hundreds of connections a second;
 * one line per refusal would fill the disk and bury everything else, while the counters still count
 * every one. Thread-safe; the message is only built when it is written.
 *
 * <pre>{@code
 * ThrottledWarning refusals = new ThrottledWarning(Duration.ofSeconds(10), LOG::warn);
 * refusals.warn(() -> "connection from " + address + " closed");
 * }</pre>
 */
final class ThrottledWarning {
  /** How often each kind of warning may be written by default. */
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final Consumer<String> out;
  private final AtomicLong nextAt;
  private final AtomicLong leftOut = new AtomicLong();

  ThrottledWarning(Duration interval, Consumer<String> out) {
    this(interval, System::nanoTime, out);
  }

  ThrottledWarning(Duration interval, LongSupplier nanoClock, Consumer<String> out) {
    this.intervalNanos = interval.toNanos();
    this.nanoClock = nanoClock;
    this.out = out;
    this.nextAt = new AtomicLong(nanoClock.getAsLong());
  }

  /** Writes the message, unless one of this kind was written less than an interval ago. */
  void warn(Supplier<String> message) {
    long now = nanoClock.getAsLong();
    long next = nextAt.get();
    if (now - next < 0 || !nextAt.compareAndSet(next, now + intervalNanos)) {
      leftOut.incrementAndGet();
      return;
    }
    long more = leftOut.getAndSet(0);
    out.accept(
        more == 0
            ? message.get()
            : message.get()
                + " ("
                + more
                + " more like it since the last such line, "
                + "at most one every "
                + Duration.ofNanos(intervalNanos).toSeconds()
                + " s)");
  }
}
