package dev.neuronwatch.server.store;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.push;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.AgentCounters;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.server.rules.SampleSignals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunStoreTest {
  private static final Instant T1 = Instant.parse("2026-01-01T00:00:01Z");
  private static final Instant T2 = Instant.parse("2026-01-01T00:00:02Z");

  private final RunStore store = new RunStore();
  private final List<Long> appliedSteps = new ArrayList<>();
  private final List<RunSnapshot> pushes = new ArrayList<>();
  private final RunListener listener =
      new RunListener() {
        @Override
        public void sampleApplied(SampleSignals sample) {
          appliedSteps.add(sample.sample().step());
        }

        @Override
        public void pushApplied(RunSnapshot run) {
          pushes.add(run);
        }
      };

  private static LayerSample dense(String name, int depth) {
    return layer(name, depth, ActivationKind.RELU).build();
  }

  @Test
  void keepsTheRunsLastStepSamplesAndLatestLayers() {
    store.ingest(push("r", step(1, dense("b", 1)), step(2, dense("a", 0))), T1, listener);

    RunSnapshot run = store.run("r").orElseThrow();
    assertThat(run.lastStep()).isEqualTo(2L);
    assertThat(run.samples()).isEqualTo(2);
    assertThat(run.loss()).isEqualTo(0.5);
    assertThat(run.lastPushTime()).isEqualTo(T1);
    assertThat(run.layerNames()).containsExactly("a", "b");
    assertThat(run.finished()).isFalse();
    assertThat(run.agent()).isNull();
    assertThat(appliedSteps).containsExactly(1L, 2L);
    assertThat(pushes).containsExactly(run);
  }

  @Test
  void skipsSamplesAtOrBelowTheLastStepSoARetryIsIdempotent() {
    PushRequest push = push("r", step(10, dense("a", 0)), step(20, dense("a", 0)));
    assertThat(store.ingest(push, T1, listener)).isEqualTo(2);

    assertThat(store.ingest(push, T2, listener)).isZero();
    assertThat(
            store.ingest(push("r", step(20, dense("a", 0)), step(30, dense("a", 0))), T2, listener))
        .isEqualTo(1);

    assertThat(appliedSteps).containsExactly(10L, 20L, 30L);
    assertThat(store.run("r").orElseThrow().samples()).isEqualTo(3);
    assertThat(store.run("r").orElseThrow().lastPushTime()).isEqualTo(T2);
  }

  @Test
  void finishedIsStickyAndAgentCountersKeepTheLastReport() {
    store.ingest(push("r", new AgentCounters(5, 4, 1, 0), step(1, dense("a", 0))), T1, listener);
    store.ingest(new PushRequest("r", List.of(), null, true), T1, listener);
    store.ingest(push("r", step(1, dense("a", 0))), T2, listener);

    RunSnapshot run = store.run("r").orElseThrow();
    assertThat(run.finished()).isTrue();
    assertThat(run.agent()).isEqualTo(new AgentCounters(5, 4, 1, 0));
  }

  @Test
  void anOlderPushDeliveredLateDoesNotOverwriteTheNewerAgentCounters() {
    // The agent gave up on the first push; its retry and the next push got through first.
    PushRequest late = push("r", new AgentCounters(2, 2, 0, 0), step(1, dense("a", 0)));
    store.ingest(push("r", new AgentCounters(3, 2, 0, 1), step(1, dense("a", 0))), T1, listener);
    store.ingest(push("r", new AgentCounters(4, 3, 1, 1), step(2, dense("a", 0))), T1, listener);
    store.ingest(late, T2, listener);

    assertThat(store.run("r").orElseThrow().agent()).isEqualTo(new AgentCounters(4, 3, 1, 1));
  }

  @Test
  void aPushWithoutSamplesForAnUnknownRunRegistersNothing() {
    store.ingest(new PushRequest("empty", List.of(), null, false), T1, listener);

    assertThat(store.size()).isZero();
    assertThat(store.run("empty")).isEmpty();
    assertThat(pushes).isEmpty();
  }

  @Test
  void runsAreListedByName() {
    store.ingest(push("zeta", step(1, dense("a", 0))), T1, listener);
    store.ingest(push("alpha", step(1, dense("a", 0))), T1, listener);

    assertThat(store.runs()).extracting(RunSnapshot::run).containsExactly("alpha", "zeta");
  }

  @Test
  void concurrentPushesOfOneRunApplyEachStepOnceInOrder() throws Exception {
    List<Long> steps = Collections.synchronizedList(new ArrayList<>());
    RunListener recording =
        new RunListener() {
          @Override
          public void sampleApplied(SampleSignals sample) {
            steps.add(sample.sample().step());
          }

          @Override
          public void pushApplied(RunSnapshot run) {}
        };
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 1; i <= 200; i++) {
        // Every push carries its step and the one before, as an agent's retry would.
        PushRequest push = push("r", step(i - 1L, dense("a", 0)), step(i, dense("a", 0)));
        results.add(pool.submit(() -> store.ingest(push, T1, recording)));
      }
      int accepted = 0;
      for (Future<Integer> result : results) {
        accepted += result.get();
      }
      assertThat(accepted).isEqualTo(steps.size());
    } finally {
      pool.shutdownNow();
    }

    assertThat(steps).isSorted().doesNotHaveDuplicates();
    assertThat(store.run("r").orElseThrow().samples()).isEqualTo(steps.size());
    assertThat(store.run("r").orElseThrow().lastStep()).isEqualTo(200L);
  }

  @Test
  void aNewRunBeyondMaxRunsIsRefusedAndKnownRunsStillIngest() {
    RunStore limited = new RunStore(2, 10);
    limited.ingest(push("a", step(1, dense("x", 0))), T1, listener);
    limited.ingest(push("b", step(1, dense("x", 0))), T1, listener);

    assertThatThrownBy(() -> limited.ingest(push("c", step(1, dense("x", 0))), T1, listener))
        .isInstanceOfSatisfying(
            LimitExceededException.class,
            e -> {
              assertThat(e.limit()).isEqualTo(LimitExceededException.Limit.RUNS);
              assertThat(e.field()).isEqualTo("run");
              assertThat(e).hasMessage("run limit reached (2)");
            });
    assertThat(limited.run("c")).isEmpty();
    assertThat(limited.ingest(push("a", step(2, dense("x", 0))), T1, listener)).isEqualTo(1);
  }

  @Test
  void aPushOverTheLayerLimitAppliesNothingNotEvenItsEarlierSamples() {
    RunStore limited = new RunStore(10, 2);
    limited.ingest(push("r", step(1, dense("a", 0))), T1, listener);
    appliedSteps.clear();

    PushRequest tooWide = push("r", step(2, dense("a", 0), dense("b", 1)), step(3, dense("c", 2)));
    assertThatThrownBy(() -> limited.ingest(tooWide, T2, listener))
        .isInstanceOfSatisfying(
            LimitExceededException.class,
            e -> {
              assertThat(e.limit()).isEqualTo(LimitExceededException.Limit.LAYERS);
              assertThat(e.field()).isEqualTo("samples[1].layers[0].name");
            });

    assertThat(appliedSteps).isEmpty();
    RunSnapshot run = limited.run("r").orElseThrow();
    assertThat(run.lastStep()).isEqualTo(1L);
    assertThat(run.lastPushTime()).isEqualTo(T1);
    // Samples at or below the last step do not count: a retry of old data is never refused.
    assertThat(limited.ingest(push("r", step(1, dense("z", 0))), T2, listener)).isZero();
  }

  @Test
  void removingARunHandsItsLastStateOverThenForgetsIt() {
    store.ingest(push("r", step(7, dense("a", 0))), T1, listener);
    List<RunSnapshot> ended = new ArrayList<>();

    assertThat(store.remove("r", ended::add)).map(RunSnapshot::lastStep).contains(7L);
    assertThat(ended).extracting(RunSnapshot::run).containsExactly("r");
    assertThat(store.run("r")).isEmpty();
    assertThat(store.remove("r", ended::add)).isEmpty();
    assertThat(ended).hasSize(1);
    // The name starts afresh.
    assertThat(store.ingest(push("r", step(1, dense("a", 0))), T2, listener)).isEqualTo(1);
  }

  @Test
  void removeIdleEndsOnlyRunsWhoseLastPushIsBeforeTheCutoff() {
    store.ingest(push("old", step(1, dense("a", 0))), T1, listener);
    store.ingest(push("new", step(1, dense("a", 0))), T2, listener);
    List<String> ended = new ArrayList<>();

    List<RunSnapshot> removed = store.removeIdle(T2, last -> ended.add(last.run()));

    assertThat(removed).extracting(RunSnapshot::run).containsExactly("old");
    assertThat(ended).containsExactly("old");
    assertThat(store.runs()).extracting(RunSnapshot::run).containsExactly("new");
  }

  @Test
  void aRunIsForgottenEvenWhenItsCleanUpFails() {
    store.ingest(push("r", step(1, dense("a", 0))), T1, listener);

    assertThatThrownBy(
            () ->
                store.remove(
                    "r",
                    last -> {
                      throw new IllegalStateException("clean-up failed");
                    }))
        .hasMessage("clean-up failed");

    assertThat(store.run("r")).isEmpty();
    assertThat(store.ingest(push("r", step(1, dense("a", 0))), T2, listener)).isEqualTo(1);
  }

  @Test
  void pushesRacingRemovalsAreAppliedToTheOldRunOrToAFreshOneNeverLost() throws Exception {
    for (long seed = 0; seed < 20; seed++) {
      RunStore racing = new RunStore();
      List<Long> applied = Collections.synchronizedList(new ArrayList<>());
      List<Long> removedSamples = Collections.synchronizedList(new ArrayList<>());
      RunListener counting =
          new RunListener() {
            @Override
            public void sampleApplied(SampleSignals sample) {
              applied.add(sample.sample().step());
            }

            @Override
            public void pushApplied(RunSnapshot run) {}
          };
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        List<Future<Integer>> pushes = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
          PushRequest push = push("r", step(i, dense("a", 0)));
          pushes.add(pool.submit(() -> racing.ingest(push, T1, counting)));
          if (i % (7 + seed) == 0) {
            pool.submit(() -> racing.remove("r", last -> removedSamples.add(last.samples())));
          }
        }
        int accepted = 0;
        for (Future<Integer> push : pushes) {
          accepted += push.get();
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        long kept = racing.run("r").map(RunSnapshot::samples).orElse(0L);
        long removed = removedSamples.stream().mapToLong(Long::longValue).sum();
        assertThat(applied).as("seed %d", seed).hasSize(accepted);
        assertThat(kept + removed).as("seed %d", seed).isEqualTo(accepted);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
