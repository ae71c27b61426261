package dev.neuronwatch.agent;

import dev.neuronwatch.agent.push.PushSink;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.PushResponse;
import java.io.IOException;

/**
 * Where the agent delivers its batches of samples. The default is an HTTP push to the server
 * ({@link dev.neuronwatch.agent.push.PushClient}); tests and offline runs supply their own.
 *
 * <p>Called only from the agent's push thread. Throwing an {@link IOException} (or any runtime
 * exception) counts as a failed attempt that is retried with backoff; a {@link
 * dev.neuronwatch.agent.push.PushRejectedException} that is not retryable drops the batch.
 *
 * <pre>{@code
 * List<PushRequest> received = new CopyOnWriteArrayList<>();
 * SampleSink sink = request -> {
 *   received.add(request);
 *   return new PushResponse(request.samples().size(), List.of());
 * };
 * }</pre>
 */
@FunctionalInterface
public interface SampleSink extends PushSink {
  /** Delivers one batch and returns the server's answer. */
  @Override
  PushResponse push(PushRequest request) throws IOException;
}
