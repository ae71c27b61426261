package dev.neuronwatch.agent.push;

import dev.neuronwatch.agent.SampleSink;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.PushResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory {@link SampleSink} that records every request and answers from a script; when the
 * script runs out it accepts every sample without alerts.
 */
public final class RecordingSink implements SampleSink {
  /** One scripted answer: return a response or throw. */
  @FunctionalInterface
  public interface Behaviour {
    PushResponse answer(PushRequest request) throws IOException;
  }

  private final ConcurrentLinkedQueue<Behaviour> script = new ConcurrentLinkedQueue<>();
  private final List<PushRequest> received = new CopyOnWriteArrayList<>();
  private final List<PushRequest> accepted = new CopyOnWriteArrayList<>();

  public static PushResponse acceptAll(PushRequest request) {
    return new PushResponse(request.samples().size(), List.of());
  }

  public RecordingSink then(Behaviour behaviour) {
    script.add(behaviour);
    return this;
  }

  @Override
  public PushResponse push(PushRequest request) throws IOException {
    received.add(request);
    Behaviour next = script.poll();
    PushResponse response = next == null ? acceptAll(request) : next.answer(request);
    accepted.add(request);
    return response;
  }

  /** Every request, whatever its outcome. */
  public List<PushRequest> received() {
    return List.copyOf(received);
  }

  /** The requests that returned a response. */
  public List<PushRequest> accepted() {
    return List.copyOf(accepted);
  }

  /** The steps of the accepted requests' samples, in order. */
  public List<Long> acceptedSteps() {
    List<Long> steps = new ArrayList<>();
    accepted.forEach(r -> r.samples().forEach(s -> steps.add(s.step())));
    return steps;
  }
}
