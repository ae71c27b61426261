package dev.neuronwatch.integration;

import dev.neuronwatch.agent.SampleSink;
import dev.neuronwatch.agent.push.PushClient;
import dev.neuronwatch.agent.push.PushRejectedException;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.PushResponse;
import dev.neuronwatch.protocol.StepSample;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The agent's own HTTP push ({@link PushClient}), watched: every attempt is recorded with its
 * start, end and outcome, and the steps of every push the server answered 200 for are kept as
 * acknowledged. Called only from the agent's push thread; read from any thread.
 *
 * <pre>{@code
 * RecordingSink sink = new RecordingSink(server.uri(), connect, request);
 * NeuronwatchAgent agent = NeuronwatchAgent.start(config.sink(sink).build());
 * ...
 * assertThat(serverSamples).isEqualTo(sink.acknowledged().size());
 * }</pre>
 */
final class RecordingSink implements SampleSink, AutoCloseable {
  /** What a push attempt came to: 200, another HTTP status, or 0 for no answer at all. */
  record Attempt(long startNanos, long endNanos, int status, int samples, int duplicates) {
    boolean acknowledged() {
      return status == 200;
    }

    /** Whether the attempt overlapped {@code [fromNanos, toNanos]}. */
    boolean overlaps(long fromNanos, long toNanos) {
      return startNanos <= toNanos && endNanos >= fromNanos;
    }

    Duration latency() {
      return Duration.ofNanos(endNanos - startNanos);
    }
  }

  private final PushClient client;
  private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
  private final NavigableSet<Long> acknowledged = new ConcurrentSkipListSet<>();
  private volatile int shortAnswers;

  RecordingSink(URI serverUri, Duration connectTimeout, Duration requestTimeout) {
    this.client = new PushClient(serverUri, connectTimeout, requestTimeout);
  }

  @Override
  public PushResponse push(PushRequest request) throws IOException {
    long start = System.nanoTime();
    int samples = request.samples().size();
    try {
      PushResponse response = client.push(request);
      attempts.add(new Attempt(start, System.nanoTime(), 200, samples, response.duplicates()));
      if (response.accepted() + response.duplicates() != samples) {
        shortAnswers++;
      }
      for (StepSample sample : request.samples()) {
        acknowledged.add(sample.step());
      }
      return response;
    } catch (PushRejectedException e) {
      attempts.add(new Attempt(start, System.nanoTime(), e.status(), samples, 0));
      throw e;
    } catch (IOException | RuntimeException e) {
      attempts.add(new Attempt(start, System.nanoTime(), 0, samples, 0));
      throw e;
    }
  }

  /** Every attempt so far, in order. */
  List<Attempt> attempts() {
    return new ArrayList<>(attempts);
  }

  /** The steps of every sample in a push the server answered 200 for. */
  NavigableSet<Long> acknowledged() {
    return acknowledged;
  }

  /**
   * The 200 answers whose accepted and duplicate samples did not add up to the samples pushed: the
   * agent would count the rest as pushed though the server did not say it holds them.
   */
  int shortAnswers() {
    return shortAnswers;
  }

  @Override
  public void close() {
    client.close();
  }
}
