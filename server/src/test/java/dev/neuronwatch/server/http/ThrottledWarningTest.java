package dev.neuronwatch.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottledWarningTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final List<String> lines = new ArrayList<>();
  private final ThrottledWarning warning =
      new ThrottledWarning(Duration.ofSeconds(10), now::get, lines::add);

  private void advance(Duration by) {
    now.addAndGet(by.toNanos());
  }

  @Test
  void writesTheFirstAtOnceAndLeavesOutTheRestOfTheInterval() {
    for (int i = 0; i < 500; i++) {
      int n = i;
      warning.warn(() -> "refused " + n);
    }

    assertThat(lines).containsExactly("refused 0");
  }

  @Test
  void theNextLineSaysHowManyItStandsFor() {
    warning.warn(() -> "refused a");
    warning.warn(() -> "refused b");
    warning.warn(() -> "refused c");
    advance(Duration.ofSeconds(10));
    warning.warn(() -> "refused d");
    advance(Duration.ofSeconds(30));
    warning.warn(() -> "refused e");

    assertThat(lines)
        .containsExactly(
            "refused a",
            "refused d (2 more like it since the last such line, at most one every 10 s)",
            "refused e");
  }

  @Test
  void buildsNoMessageForALineLeftOut() {
    warning.warn(() -> "first");
    warning.warn(
        () -> {
          throw new AssertionError("built");
        });

    assertThat(lines).containsExactly("first");
  }
}
