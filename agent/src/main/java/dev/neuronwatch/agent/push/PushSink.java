package dev.neuronwatch.agent.push;

import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.PushResponse;
import java.io.IOException;

/**
 * Where the push loop delivers a batch: the server over HTTP ({@link PushClient}), or whatever a
 * test supplies. The agent's public name for it is {@link dev.neuronwatch.agent.SampleSink}.
 *
 * <pre>{@code
 * PushSink sink = request -> new PushResponse(request.samples().size(), List.of());
 * }</pre>
 */
@FunctionalInterface
public interface PushSink {
  /** Delivers one batch and returns the server's answer. */
  PushResponse push(PushRequest request) throws IOException;
}
