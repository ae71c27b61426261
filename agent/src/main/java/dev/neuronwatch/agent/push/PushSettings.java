package dev.neuronwatch.agent.push;

import dev.neuronwatch.protocol.Alert;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the push loop needs of the agent's configuration: the run, its queue and batching, its
 * timing and who hears the firing alerts. Validated by the agent's configuration that makes it.
 *
 * <pre>{@code
 * PushSettings settings = agentConfig.pushSettings();
 * PushLoop loop = new PushLoop(settings, sink);
 * }</pre>
 *
 * @param attempt the run's explicit attempt name, or null
 */
public record PushSettings(
    String run,
    String attempt,
    int queueCapacity,
    int maxSamplesPerPush,
    Duration flushInterval,
    Duration maxBackoff,
    Consumer<List<Alert>> alertListener) {

  public PushSettings {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(flushInterval, "flushInterval");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(alertListener, "alertListener");
  }
}
