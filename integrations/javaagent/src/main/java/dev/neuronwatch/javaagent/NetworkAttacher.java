package dev.neuronwatch.javaagent;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.dl4j.NeuronwatchTrainingListener;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;

/**
 * Gives every network one {@link NeuronwatchTrainingListener}, and each network that trains its own
 * agent and run: the first network to reach a sampled step reports as {@code run}, the next as
 * {@code run-2}, and so on. Networks that never train start no agent. At JVM exit every agent ends
 * its run and delivers what is queued (within its close timeout).
 *
 * <p>Public only because Byte Buddy inlines the call to {@link #attach(Object)} into
 * Deeplearning4j's classes; not an API.
 *
 * <pre>{@code
 * NetworkAttacher.install(new NetworkAttacher(AgentConfig.builder(), "mnist", 10));
 * NetworkAttacher.attach(network);  // what the inlined advice does
 * }</pre>
 */
public final class NetworkAttacher {
  private static volatile NetworkAttacher installed;

  private final AgentConfig.Builder config;
  private final String run;
  private final int sampleEvery;
  private final List<Attached> networks = new ArrayList<>();
  private final List<NeuronwatchAgent> agents = new ArrayList<>();
  private boolean reportedFailure;

  NetworkAttacher(AgentConfig.Builder config, String run, int sampleEvery) {
    this.config = config;
    this.run = run;
    this.sampleEvery = sampleEvery;
  }

  /** Makes {@code attacher} the one the advice uses, and closes its agents at JVM exit. */
  static void install(NetworkAttacher attacher) {
    installed = attacher;
    Runtime.getRuntime()
        .addShutdownHook(new Thread(attacher::closeAll, "neuronwatch-agent-shutdown"));
  }

  /** Ensures {@code network} has its listener. Never throws. */
  public static void attach(Object network) {
    NetworkAttacher attacher = installed;
    if (attacher != null) {
      attacher.attachTo(network);
    }
  }

  private synchronized void attachTo(Object network) {
    try {
      Collection<TrainingListener> current;
      if (network instanceof MultiLayerNetwork) {
        current = ((MultiLayerNetwork) network).getListeners();
      } else if (network instanceof ComputationGraph) {
        current = ((ComputationGraph) network).getListeners();
      } else {
        return;
      }
      NeuronwatchTrainingListener listener = listenerOf(network);
      if (current != null && current.stream().anyMatch(l -> l == listener)) {
        return;
      }
      if (network instanceof MultiLayerNetwork) {
        ((MultiLayerNetwork) network).addListeners(listener);
      } else {
        ((ComputationGraph) network).addListeners(listener);
      }
    } catch (Throwable t) {
      if (!reportedFailure) {
        reportedFailure = true;
        System.err.println("neuronwatch-agent: cannot attach to " + network.getClass() + ": " + t);
      }
    }
  }

  /** The network's listener, created on first sight; networks are compared by identity. */
  private NeuronwatchTrainingListener listenerOf(Object network) {
    for (Iterator<Attached> it = networks.iterator(); it.hasNext(); ) {
      Attached attached = it.next();
      Object known = attached.network.get();
      if (known == null) {
        it.remove();
      } else if (known == network) {
        return attached.listener;
      }
    }
    NeuronwatchTrainingListener listener =
        NeuronwatchTrainingListener.startingAgentOnFirstSample(sampleEvery, this::startAgent);
    networks.add(new Attached(new WeakReference<>(network), listener));
    return listener;
  }

  private synchronized NeuronwatchAgent startAgent() {
    String name = agents.isEmpty() ? run : run + "-" + (agents.size() + 1);
    NeuronwatchAgent agent = NeuronwatchAgent.start(config.run(name).build());
    agents.add(agent);
    return agent;
  }

  private void closeAll() {
    List<NeuronwatchAgent> toClose;
    synchronized (this) {
      toClose = List.copyOf(agents);
    }
    for (NeuronwatchAgent agent : toClose) {
      agent.finish();
      agent.close();
    }
  }

  private record Attached(WeakReference<Object> network, NeuronwatchTrainingListener listener) {}
}
