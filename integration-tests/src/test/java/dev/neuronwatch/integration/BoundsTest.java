package dev.neuronwatch.integration;

import static dev.neuronwatch.integration.Agents.MAX_SAMPLES_PER_PUSH;
import static dev.neuronwatch.integration.Agents.QUEUE_CAPACITY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.AgentStatus;
import dev.neuronwatch.agent.LayerTensors;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.protocol.AgentCounters;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.PushResponse;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.protocol.WireJson;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The agent's memory and payload bounds, measured. */
class BoundsTest {

  @Test
  void queueAndBatchStayWithinTheirBoundsThroughALongOutage() {
    int steps = 5000;
    URI nowhere = URI.create("http://127.0.0.1:" + LiveServer.freePort());
    NeuronwatchAgent agent =
        NeuronwatchAgent.start(Agents.config("bounds-outage", nowhere).build());
    LayerArrays network = new LayerArrays(11, 2, 16);
    long mostQueued = 0;
    long start = System.nanoTime();
    try {
      for (long step = 1; step <= steps; step++) {
        network.nextStep();
        for (LayerTensors layer : network.layers()) {
          agent.recordLayer(step, layer);
        }
        agent.endStep(step, 1.0 / step);
        mostQueued = Math.max(mostQueued, agent.status().queued());
        assertThat(agent.status().queued())
            .isLessThanOrEqualTo(QUEUE_CAPACITY + MAX_SAMPLES_PER_PUSH);
      }
      // Long enough for the retries to back off to their longest wait.
      Await.until(
          "five failed pushes", Duration.ofSeconds(10), () -> agent.status().pushesFailed() >= 5);
    } finally {
      agent.close();
    }
    AgentStatus closed = agent.status();
    Accounting.assertSettled(closed);
    System.out.printf(
        Locale.ROOT,
        "Outage of %d ms, %d samples taken: at most %d queued (bound %d + %d), %d failed pushes,"
            + " all %d dropped at close%n",
        (System.nanoTime() - start) / 1_000_000,
        steps,
        mostQueued,
        QUEUE_CAPACITY,
        MAX_SAMPLES_PER_PUSH,
        closed.pushesFailed(),
        closed.samplesDropped());
    assertThat(mostQueued).isEqualTo(QUEUE_CAPACITY + MAX_SAMPLES_PER_PUSH);
    assertThat(closed).isEqualTo(new AgentStatus(steps, 0, steps, closed.pushesFailed(), 0));
  }

  @Test
  void aSampleCostsAFewHundredBytesPerLayerOnTheWire() {
    for (int hidden : new int[] {3, 15, 63}) {
      List<StepSample> samples = sampled(new LayerArrays(13, hidden, 64), 20);
      int layers = hidden + 1;
      byte[] push =
          WireJson.encode(
              new PushRequest(
                  "bounds-payload-with-a-run-name", samples, new AgentCounters(9, 9, 9, 9), false));
      double perSample = (double) push.length / samples.size();
      double perLayer = perSample / layers;
      System.out.printf(
          Locale.ROOT,
          "%3d layers: %7.0f bytes per sample, %5.0f per layer; a full default push (%d samples)"
              + " is %8d bytes%n",
          layers,
          perSample,
          perLayer,
          AgentConfig.builder().run("x").build().maxSamplesPerPush(),
          Math.round(perSample * AgentConfig.builder().run("x").build().maxSamplesPerPush()));
      assertThat(perLayer).isBetween(300.0, 800.0);
    }
  }

  @Test
  void aDeepNetworksBacklogReachesAServerWithTheDefaultBodyLimitInSmallerPushes() {
    // 40 layers: a default push of 128 samples is about 2.6 MB, beyond the server's 1 MiB limit.
    LayerArrays network = new LayerArrays(17, 39, 32);
    int steps = 300;
    int port = LiveServer.freePort();
    AgentConfig config =
        AgentConfig.builder()
            .run("bounds-deep")
            .serverUri(URI.create("http://127.0.0.1:" + port))
            .sampleEvery(1)
            .maxBackoff(Duration.ofMillis(500))
            .build();
    NeuronwatchAgent agent = NeuronwatchAgent.start(config);
    try {
      // No server listens yet: the samples pile up as the backlog of an outage.
      for (long step = 1; step <= steps; step++) {
        network.nextStep();
        for (LayerTensors layer : network.layers()) {
          agent.recordLayer(step, layer);
        }
        agent.endStep(step, 1.0 / step);
      }
      Await.until("a failed push", Duration.ofSeconds(5), () -> agent.status().pushesFailed() > 0);
    } finally {
      agent.finish();
    }
    try (LiveServer server = LiveServer.on(port)) {
      Await.until("the backlog", Duration.ofSeconds(30), () -> agent.status().queued() == 0);
      agent.close();

      AgentStatus closed = agent.status();
      System.out.printf(
          "40 layers, backlog of %d samples after an outage: %d pushed to a server with the default"
              + " body limit, %d dropped, %d failed attempts%n",
          steps, closed.samplesPushed(), closed.samplesDropped(), closed.pushesFailed());
      assertThat(closed.samplesPushed()).isEqualTo(steps);
      Accounting.assertSettled(closed);
      assertThat(server.appliedSamples("bounds-deep")).isEqualTo(steps);
      RunView run = server.run("bounds-deep").orElseThrow();
      assertThat(run.finished()).isTrue();
      Accounting.assertSettled(run);
    } finally {
      agent.close();
    }
  }

  /** The samples an agent takes of {@code steps} steps of the network, caught before sending. */
  private static List<StepSample> sampled(LayerArrays network, int steps) {
    List<StepSample> caught = new CopyOnWriteArrayList<>();
    AgentConfig config =
        AgentConfig.builder()
            .run("bounds-sampler")
            .sampleEvery(1)
            .queueCapacity(steps)
            .flushInterval(Duration.ofMillis(10))
            .sink(
                request -> {
                  caught.addAll(request.samples());
                  return new PushResponse(request.samples().size(), List.of());
                })
            .build();
    try (NeuronwatchAgent agent = NeuronwatchAgent.start(config)) {
      for (long step = 1; step <= steps; step++) {
        network.nextStep();
        for (LayerTensors layer : network.layers()) {
          agent.recordLayer(step, layer);
        }
        agent.endStep(step, 1.0 / step);
      }
    }
    assertThat(caught).hasSize(steps);
    return caught;
  }
}
