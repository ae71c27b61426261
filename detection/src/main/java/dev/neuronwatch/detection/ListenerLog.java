package dev.neuronwatch.detection;

import dev.neuronwatch.agent.AlertListener;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.protocol.Alert;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * An {@link AlertListener} that notes each alert the moment it enters the firing list the agent
 * hears, with the wall time and how many samples the training had handed the agent by then.
 *
 * <pre>{@code
 * ListenerLog log = new ListenerLog(agentRef::get);
 * AgentConfig config = AgentConfig.builder().run("r").alertListener(log).build();
 * }</pre>
 */
final class ListenerLog implements AlertListener {
  private final Supplier<NeuronwatchAgent> agent;
  private final List<HeardAlert> heard = new ArrayList<>();
  private Set<String> firing = Set.of();

  ListenerLog(Supplier<NeuronwatchAgent> agent) {
    this.agent = agent;
  }

  @Override
  public synchronized void onAlerts(List<Alert> alerts) {
    long now = System.currentTimeMillis();
    NeuronwatchAgent source = agent.get();
    long taken = source == null ? 0 : source.status().samplesTaken();
    Set<String> next = new HashSet<>();
    for (Alert alert : alerts) {
      String key = alert.name() + '\n' + alert.layer();
      next.add(key);
      if (!firing.contains(key)) {
        heard.add(new HeardAlert(alert.name(), alert.layer(), now, taken));
      }
    }
    firing = next;
  }

  synchronized List<HeardAlert> heard() {
    return List.copyOf(heard);
  }
}
