package dev.neuronwatch.server.store;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.push;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.model.ActivationKind;
import dev.neuronwatch.model.AgentCounters;
import dev.neuronwatch.model.LayerSample;
import dev.neuronwatch.model.PushRequest;
import dev.neuronwatch.server.rules.SampleSignals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
  void aPushWithoutSamplesRegistersTheRunWithoutAStep() {
    store.ingest(new PushRequest("empty", List.of(), null, false), T1, listener);

    assertThat(store.size()).isEqualTo(1);
    assertThat(store.run("empty").orElseThrow().lastStep()).isNull();
    assertThat(store.run("other")).isEmpty();
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
}
