package dev.neuronwatch.agent.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.protocol.AgentCounters;
import dev.neuronwatch.protocol.Alert;
import dev.neuronwatch.protocol.AlertState;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.PushResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PushLoopTest {

  private final RecordingSink sink = new RecordingSink();
  private final List<PushLoop> loops = new ArrayList<>();

  @AfterEach
  void closeLoops() {
    loops.forEach(loop -> loop.close(Duration.ofSeconds(1)));
  }

  private static AgentConfig.Builder config() {
    return AgentConfig.builder()
        .run("loop-test")
        .flushInterval(Duration.ofSeconds(30))
        .maxBackoff(Duration.ofMillis(20));
  }

  private PushLoop loop(AgentConfig config) {
    PushLoop loop =
        new PushLoop(
            config.pushSettings(),
            sink,
            new Backoff(Duration.ofMillis(2), config.maxBackoff(), new Random(3)));
    loops.add(loop);
    return loop;
  }

  private static void offerSteps(PushLoop loop, long from, long to) {
    LongStream.range(from, to).forEach(step -> loop.offer(Samples.step(step)));
  }

  private static List<Long> steps(long from, long to) {
    return LongStream.range(from, to).boxed().toList();
  }

  @Test
  void deliversEverySampleOnceInStepOrderInBatchesOfAtMostMaxSamplesPerPush() {
    PushLoop loop = loop(config().maxSamplesPerPush(3).build());
    loop.start();

    offerSteps(loop, 0, 7);
    loop.close(Duration.ofSeconds(5));

    assertThat(sink.acceptedSteps()).isEqualTo(steps(0, 7));
    assertThat(sink.received())
        .allSatisfy(r -> assertThat(r.samples()).hasSizeLessThanOrEqualTo(3));
    assertThat(loop.counters().snapshot()).isEqualTo(new AgentCounters(7, 7, 0, 0));
    assertThat(loop.pending()).isZero();
  }

  @Test
  void startsAPushOnceAQuarterOfTheQueueIsQueuedAndSendsABacklogInOnePush() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    sink.then(
        r -> {
          entered.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return RecordingSink.acceptAll(r);
        });
    // A flush interval that never comes, a 256-sample queue and up to 256 samples per push.
    PushLoop loop = loop(config().queueCapacity(256).maxSamplesPerPush(256).build());
    loop.start();

    offerSteps(loop, 0, 64);
    entered.await();
    offerSteps(loop, 64, 300);
    release.countDown();
    Eventually.await("the backlog", () -> sink.acceptedSteps().size() == 300);

    assertThat(sink.received()).hasSize(2);
    int first = sink.received().get(0).samples().size();
    assertThat(sink.received().get(1).samples()).hasSize(300 - first);
    assertThat(loop.counters().snapshot()).isEqualTo(new AgentCounters(300, 300, 0, 0));
  }

  @Test
  void flushesAPartialBatchOnceTheFlushIntervalHasPassed() {
    PushLoop loop = loop(config().flushInterval(Duration.ofMillis(20)).build());
    loop.start();

    loop.offer(Samples.step(1));

    Eventually.await("the partial batch", () -> sink.acceptedSteps().equals(List.of(1L)));
    assertThat(loop.pending()).isZero();
  }

  @Test
  void anUrgentSampleTakesEverythingQueuedOutAtOnceLongBeforeTheFlush() {
    PushLoop loop = loop(config().flushInterval(Duration.ofMinutes(10)).build());
    loop.start();

    offerSteps(loop, 0, 3);
    loop.offer(Samples.step(3), true);
    Eventually.await("the urgent push", () -> sink.acceptedSteps().equals(steps(0, 4)));
    loop.offer(Samples.step(4), true);
    Eventually.await("the next urgent push", () -> sink.acceptedSteps().equals(steps(0, 5)));
    loop.offer(Samples.step(5));

    assertThat(sink.received()).hasSize(2);
    assertThat(loop.pending()).isEqualTo(1);
  }

  @Test
  void countsAsPushedWhatALostAnswersAttemptStoredAndTheRetrySkipped() {
    // The first attempt reaches the server but its answer is lost; the retry is answered with
    // 0 accepted because the server skips steps it already has.
    sink.then(
            r -> {
              throw new SocketTimeoutException("no complete answer");
            })
        .then(r -> new PushResponse(0, List.of()));
    PushLoop loop = loop(config().flushInterval(Duration.ofMillis(10)).build());
    offerSteps(loop, 0, 2);
    loop.start();

    Eventually.await("the retry", () -> sink.accepted().size() == 1);
    loop.close(Duration.ofSeconds(5));

    assertThat(loop.counters().snapshot()).isEqualTo(new AgentCounters(2, 2, 0, 1));
  }

  @Test
  void countsAsPushedTheSamplesTheServerSaysItAlreadyHeld() {
    // No attempt was lost: only the server's answer says that two samples were duplicates.
    sink.then(r -> new PushResponse(1, 2, List.of()));
    PushLoop loop = loop(config().build());
    offerSteps(loop, 0, 3);
    loop.start();

    loop.close(Duration.ofSeconds(5));

    assertThat(loop.counters().snapshot()).isEqualTo(new AgentCounters(3, 3, 0, 0));
  }

  @Test
  void keepsTheBatchWhileRetryingAndDeliversItOnce() {
    sink.then(
            r -> {
              throw new ConnectException("refused");
            })
        .then(
            r -> {
              throw new IOException("reset");
            });
    PushLoop loop = loop(config().flushInterval(Duration.ofMillis(10)).build());
    offerSteps(loop, 0, 2);
    loop.start();

    Eventually.await("delivery", () -> loop.counters().snapshot().samplesPushed() == 2);

    assertThat(sink.received()).hasSize(3);
    assertThat(sink.received()).allSatisfy(r -> assertThat(r.samples()).hasSize(2));
    assertThat(sink.acceptedSteps()).isEqualTo(steps(0, 2));
    assertThat(loop.counters().snapshot().pushesFailed()).isEqualTo(2);
    assertThat(sink.received().get(2).agent().pushesFailed()).isEqualTo(2);
  }

  @Test
  void queuesNewSamplesUpToTheBoundWhileRetryingAndDropsTheRest() {
    AtomicBoolean serverUp = new AtomicBoolean(false);
    RecordingSink.Behaviour downUntilUp =
        r -> {
          if (!serverUp.get()) {
            throw new ConnectException("refused");
          }
          return RecordingSink.acceptAll(r);
        };
    for (int i = 0; i < 10_000; i++) {
      sink.then(downUntilUp);
    }
    PushLoop loop =
        loop(
            config()
                .queueCapacity(4)
                .maxSamplesPerPush(2)
                .flushInterval(Duration.ofMillis(5))
                .build());
    offerSteps(loop, 0, 2);
    loop.start();
    Eventually.await("a failed attempt", () -> loop.counters().snapshot().pushesFailed() >= 1);

    offerSteps(loop, 2, 8);

    assertThat(loop.counters().snapshot().samplesDropped()).isEqualTo(2);
    assertThat(loop.pending()).isEqualTo(6);
    serverUp.set(true);
    Eventually.await("delivery", () -> loop.counters().snapshot().samplesPushed() == 6);
    assertThat(sink.acceptedSteps()).isEqualTo(steps(0, 6));
    assertThat(loop.pending()).isZero();
  }

  @Test
  void dropsABatchTheServerRefusesForGoodAndCarriesOn() {
    sink.then(
        r -> {
          throw new PushRejectedException(400, null, "bad step");
        });
    PushLoop loop = loop(config().flushInterval(Duration.ofMillis(10)).build());
    offerSteps(loop, 0, 2);
    loop.start();
    Eventually.await("the rejection", () -> loop.counters().snapshot().samplesDropped() == 2);

    loop.offer(Samples.step(2));

    Eventually.await("delivery", () -> loop.counters().snapshot().samplesPushed() == 1);
    assertThat(sink.acceptedSteps()).containsExactly(2L);
    assertThat(sink.received()).hasSize(2);
    assertThat(loop.counters().snapshot()).isEqualTo(new AgentCounters(3, 1, 2, 1));
  }

  @Test
  void splitsABatchTheServerFindsTooLargeAndDeliversEverySample() {
    for (int i = 0; i < 100; i++) {
      sink.then(
          r -> {
            if (r.samples().size() > 2) {
              throw new PushRejectedException(413, null, "body too large");
            }
            return RecordingSink.acceptAll(r);
          });
    }
    PushLoop loop = loop(config().maxSamplesPerPush(10).build());
    offerSteps(loop, 0, 10);
    loop.requestFinish();
    loop.start();

    loop.close(Duration.ofSeconds(5));

    assertThat(sink.acceptedSteps()).isEqualTo(steps(0, 10));
    assertThat(sink.accepted())
        .allSatisfy(r -> assertThat(r.samples()).hasSizeLessThanOrEqualTo(2));
    assertThat(sink.accepted().get(sink.accepted().size() - 1).finished()).isTrue();
    assertThat(sink.accepted()).filteredOn(PushRequest::finished).hasSize(1);
    // 10 is refused, then 5; 2 fits from then on.
    assertThat(loop.counters().snapshot()).isEqualTo(new AgentCounters(10, 10, 0, 2));
  }

  @Test
  void dropsASingleSampleTooLargeForTheServerAndCarriesOn() {
    sink.then(
            r -> {
              throw new PushRejectedException(413, null, "body too large");
            })
        .then(
            r -> {
              throw new PushRejectedException(413, null, "body too large");
            });
    PushLoop loop = loop(config().maxSamplesPerPush(2).build());
    offerSteps(loop, 0, 3);
    loop.start();

    loop.close(Duration.ofSeconds(5));

    // [0, 1] is refused, then [0] alone: it is dropped, and the rest goes one sample a push.
    assertThat(sink.acceptedSteps()).containsExactly(1L, 2L);
    assertThat(loop.counters().snapshot()).isEqualTo(new AgentCounters(3, 2, 1, 2));
  }

  @Test
  void retriesAfterAnythingTheSinkThrows() {
    sink.then(
            r -> {
              throw new IllegalStateException("sink bug");
            })
        .then(
            r -> {
              throw new AssertionError("worse");
            });
    PushLoop loop = loop(config().flushInterval(Duration.ofMillis(10)).build());
    loop.offer(Samples.step(0));
    loop.start();

    Eventually.await("delivery", () -> loop.counters().snapshot().samplesPushed() == 1);

    assertThat(loop.counters().snapshot().pushesFailed()).isEqualTo(2);
  }

  @Test
  void countsSamplesTheServerDidNotAcceptAsDropped() {
    sink.then(r -> new PushResponse(1, List.of()));
    PushLoop loop = loop(config().build());
    offerSteps(loop, 0, 3);
    loop.start();

    loop.close(Duration.ofSeconds(5));

    assertThat(loop.counters().snapshot()).isEqualTo(new AgentCounters(3, 1, 2, 0));
  }

  @Test
  void marksOnlyThePushThatEmptiesTheQueueAsFinished() {
    PushLoop loop = loop(config().maxSamplesPerPush(2).build());
    offerSteps(loop, 0, 5);
    loop.requestFinish();
    loop.start();

    loop.close(Duration.ofSeconds(5));

    assertThat(sink.received())
        .extracting(PushRequest::finished)
        .containsExactly(false, false, true);
    assertThat(sink.acceptedSteps()).isEqualTo(steps(0, 5));
  }

  @Test
  void sendsAnEmptyFinishedPushOnceWhenNothingIsQueued() {
    PushLoop loop = loop(config().flushInterval(Duration.ofMillis(5)).build());
    loop.start();

    loop.requestFinish();
    Eventually.await("the finished push", () -> sink.received().size() == 1);
    loop.close(Duration.ofSeconds(5));

    assertThat(sink.received()).hasSize(1);
    assertThat(sink.received().get(0).finished()).isTrue();
    assertThat(sink.received().get(0).samples()).isEmpty();
  }

  @Test
  void tellsTheListenerOnlyWhenTheFiringAlertsChange() {
    Alert dying = alert("NeuronwatchDyingRelu", "dense_0", 0.7, "2026-03-01T12:00:00Z");
    Alert dyingLater = alert("NeuronwatchDyingRelu", "dense_0", 0.8, "2026-03-01T12:00:00Z");
    Alert exploding = alert("NeuronwatchExplodingGradient", "dense_1", 1e4, "2026-03-01T12:01:00Z");
    sink.then(r -> new PushResponse(1, List.of(dying)))
        .then(r -> new PushResponse(1, List.of(dyingLater)))
        .then(r -> new PushResponse(1, List.of(dyingLater, exploding)))
        .then(r -> new PushResponse(1, List.of()));
    List<List<Alert>> heard = new CopyOnWriteArrayList<>();
    PushLoop loop =
        loop(config().maxSamplesPerPush(1).alertListener(firing -> heard.add(firing)).build());
    offerSteps(loop, 0, 3);
    loop.start();
    Eventually.await("three pushes", () -> sink.accepted().size() == 3);

    assertThat(loop.firingAlerts()).containsExactly(dyingLater, exploding);

    loop.offer(Samples.step(3));
    Eventually.await("the fourth push", () -> sink.accepted().size() == 4);
    // The sink records a push before the loop reads its answer: wait for the listener too.
    Eventually.await("the listener", () -> heard.size() == 3);
    assertThat(heard).containsExactly(List.of(dying), List.of(dyingLater, exploding), List.of());
    assertThat(loop.firingAlerts()).isEmpty();
  }

  @Test
  void carriesOnWhenTheListenerThrows() {
    Alert dying = alert("NeuronwatchDyingRelu", "dense_0", 0.7, "2026-03-01T12:00:00Z");
    sink.then(r -> new PushResponse(1, List.of(dying)))
        .then(r -> new PushResponse(1, List.of(dying)));
    PushLoop loop =
        loop(
            config()
                .maxSamplesPerPush(1)
                .alertListener(
                    firing -> {
                      throw new IllegalStateException("listener bug");
                    })
                .build());
    offerSteps(loop, 0, 2);
    loop.start();

    Eventually.await("both pushes", () -> loop.counters().snapshot().samplesPushed() == 2);

    assertThat(loop.firingAlerts()).containsExactly(dying);
    assertThat(loop.counters().snapshot().pushesFailed()).isZero();
  }

  @Test
  void closeRetriesABatchWaitingOutALongBackoffAtOnce() {
    sink.then(
        r -> {
          throw new ConnectException("refused");
        });
    AgentConfig config = config().maxBackoff(Duration.ofMinutes(1)).build();
    Backoff minuteLong = new Backoff(Duration.ofMinutes(1), Duration.ofMinutes(1), new Random(5));
    PushLoop loop = new PushLoop(config.pushSettings(), sink, minuteLong);
    loops.add(loop);
    loop.offer(Samples.step(0));
    loop.requestFinish();
    loop.start();
    Eventually.await("the failed attempt", () -> sink.received().size() == 1);

    loop.close(Duration.ofSeconds(5));

    assertThat(sink.acceptedSteps()).containsExactly(0L);
    assertThat(sink.accepted().get(0).finished()).isTrue();
    assertThat(loop.counters().snapshot()).isEqualTo(new AgentCounters(1, 1, 0, 1));
  }

  @Test
  void closeReturnsWithinItsTimeoutWhenTheSinkHangs() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    sink.then(
        r -> {
          entered.countDown();
          try {
            never.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new IOException("interrupted");
        });
    PushLoop loop = loop(config().flushInterval(Duration.ofMillis(5)).build());
    loop.offer(Samples.step(0));
    loop.start();
    entered.await();

    long start = System.nanoTime();
    loop.close(Duration.ofMillis(300));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(Duration.ofMillis(1300));
    Eventually.await("the drop", () -> loop.counters().snapshot().samplesDropped() == 1);
    assertThat(loop.pending()).isZero();
  }

  @Test
  void closeReturnsEvenWhenTheSinkIgnoresInterrupts() throws Exception {
    AtomicBoolean released = new AtomicBoolean(false);
    CountDownLatch entered = new CountDownLatch(1);
    sink.then(
        r -> {
          entered.countDown();
          while (!released.get()) {
            try {
              Thread.sleep(10);
            } catch (InterruptedException ignored) {
              // This sink misbehaves on purpose.
            }
          }
          return RecordingSink.acceptAll(r);
        });
    PushLoop loop = loop(config().flushInterval(Duration.ofMillis(5)).build());
    loop.offer(Samples.step(0));
    loop.start();
    entered.await();

    try {
      long start = System.nanoTime();
      loop.close(Duration.ofMillis(300));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).isLessThan(Duration.ofMillis(1300));
    } finally {
      released.set(true);
    }
  }

  @Test
  void closeSettlesTheCountersAtItsDeadlineAndIgnoresAStuckPushThatReturnsLater() throws Exception {
    AtomicBoolean released = new AtomicBoolean(false);
    CountDownLatch entered = new CountDownLatch(1);
    sink.then(
        r -> {
          entered.countDown();
          while (!released.get()) {
            try {
              Thread.sleep(5);
            } catch (InterruptedException ignored) {
              // This sink misbehaves on purpose: the push thread stays stuck past close().
            }
          }
          return RecordingSink.acceptAll(r);
        });
    PushLoop loop = loop(config().flushInterval(Duration.ofMillis(5)).build());
    offerSteps(loop, 0, 3);
    loop.start();
    entered.await();
    offerSteps(loop, 3, 5);

    AgentCounters closed;
    try {
      loop.close(Duration.ofMillis(100));
      closed = loop.counters().snapshot();

      assertThat(loop.running()).isTrue();
      assertThat(closed.samplesTaken()).isEqualTo(5);
      assertThat(closed.samplesPushed() + closed.samplesDropped()).isEqualTo(5);
      assertThat(loop.pending()).isZero();
    } finally {
      released.set(true);
    }
    Eventually.await("the stuck push thread to end", () -> !loop.running());
    assertThat(sink.accepted()).hasSize(1);
    assertThat(loop.counters().snapshot()).isEqualTo(closed);
    assertThat(loop.offer(Samples.step(5))).isFalse();
    AgentCounters late = loop.counters().snapshot();
    assertThat(late.samplesTaken()).isEqualTo(6);
    assertThat(late.samplesPushed() + late.samplesDropped()).isEqualTo(6);
  }

  @Test
  void closeIsIdempotentAndLaterOffersAreDroppedAndCounted() {
    PushLoop loop = loop(config().build());
    loop.start();
    loop.close(Duration.ofSeconds(1));
    loop.close(Duration.ofSeconds(1));

    assertThat(loop.offer(Samples.step(0))).isFalse();
    assertThat(loop.counters().snapshot().samplesDropped()).isEqualTo(1);
    assertThat(sink.received()).isEmpty();
  }

  private static Alert alert(String name, String layer, double value, String since) {
    String summary = name + " on " + layer;
    return new Alert(name, "loop-test", layer, AlertState.FIRING, value, since, summary);
  }
}
