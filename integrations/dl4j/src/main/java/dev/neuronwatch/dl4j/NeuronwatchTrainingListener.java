package dev.neuronwatch.dl4j;

import dev.neuronwatch.agent.NeuronwatchAgent;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A Deeplearning4j {@code TrainingListener} that feeds a {@link NeuronwatchAgent} from a {@code
 * MultiLayerNetwork} or {@code ComputationGraph} while it trains.
 *
 * <p>On a sampled step (the network's iteration count is a multiple of the agent's {@code
 * sampleEvery}) it copies each layer's outputs in {@code onForwardPass} (output layers' are
 * computed from their input, as Deeplearning4j does not hand them over), the raw weight and bias
 * gradients in {@code onGradientCalculation}, and in {@code iterationDone} the weights and the
 * update the optimiser applied, then records every layer and ends the step with the score as the
 * loss. On other steps each callback only compares a counter. It never throws into the training: a
 * problem is logged once and the step goes on.
 *
 * <p>One listener per network: the steps are the network's iteration counts, which must increase
 * for the agent to accept them.
 *
 * <pre>{@code
 * try (NeuronwatchAgent agent = NeuronwatchAgent.start(
 *     AgentConfig.builder().run("mnist-dl4j").sampleEvery(10).build())) {
 *   network.addListeners(new NeuronwatchTrainingListener(agent));
 *   network.fit(trainIterator, epochs);
 *   agent.finish();
 * }
 * }</pre>
 */
public final class NeuronwatchTrainingListener extends BaseTrainingListener {
  private static final Logger LOG = System.getLogger(NeuronwatchTrainingListener.class.getName());

  private final long sampleEvery;
  private final Supplier<NeuronwatchAgent> agentSource;
  private final Set<String> told = ConcurrentHashMap.newKeySet();
  private volatile NeuronwatchAgent agent;
  private LayerPlan plan;
  private StepCapture capture;

  /** A listener feeding {@code agent}, at the agent's sampling interval. */
  public NeuronwatchTrainingListener(NeuronwatchAgent agent) {
    this(agent.config().sampleEvery(), () -> agent);
    this.agent = agent;
  }

  private NeuronwatchTrainingListener(long sampleEvery, Supplier<NeuronwatchAgent> agentSource) {
    if (sampleEvery <= 0) {
      throw new IllegalArgumentException("sampleEvery must be positive, was " + sampleEvery);
    }
    this.sampleEvery = sampleEvery;
    this.agentSource = Objects.requireNonNull(agentSource, "agentSource");
  }

  /**
   * A listener that starts its agent on the first sampled step, for tools that attach to networks
   * which may never train. {@code starter} runs at most once, on the training thread; the caller
   * closes the agent it returns.
   *
   * <pre>{@code
   * network.addListeners(NeuronwatchTrainingListener.startingAgentOnFirstSample(10,
   *     () -> NeuronwatchAgent.start(config)));
   * }</pre>
   */
  public static NeuronwatchTrainingListener startingAgentOnFirstSample(
      int sampleEvery, Supplier<NeuronwatchAgent> starter) {
    return new NeuronwatchTrainingListener(sampleEvery, starter);
  }

  @Override
  public void onForwardPass(Model model, List<INDArray> activations) {
    long step = BaseOptimizer.getIterationCount(model);
    if (step % sampleEvery != 0) {
      return;
    }
    begin(model, step, key -> activations.get(Integer.parseInt(key)), activations.get(0));
  }

  @Override
  public void onForwardPass(Model model, Map<String, INDArray> activations) {
    long step = BaseOptimizer.getIterationCount(model);
    if (step % sampleEvery != 0) {
      return;
    }
    INDArray firstInput = null;
    if (model instanceof ComputationGraph) {
      firstInput =
          activations.get(((ComputationGraph) model).getConfiguration().getNetworkInputs().get(0));
    }
    begin(model, step, activations::get, firstInput);
  }

  private void begin(Model model, long step, Function<String, INDArray> lookup, INDArray in) {
    capture = null;
    try {
      NeuronwatchAgent current = agent();
      if (current == null || !current.isSampling(step)) {
        return;
      }
      if (plan == null || plan.model != model) {
        plan = LayerPlan.of(model, note -> tell(note, null));
      }
      StepCapture next = new StepCapture(step, plan, this::layerProblem);
      int batch = in == null ? 1 : (int) in.size(0);
      // Copies and computed outputs must not land in the training's workspaces.
      MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces();
      try {
        next.readOutputs(lookup, batch);
      } finally {
        outside.close();
      }
      capture = next;
    } catch (Throwable t) {
      tell("cannot read the forward pass of step " + step, t);
    }
  }

  @Override
  public void onGradientCalculation(Model model) {
    StepCapture current = capture;
    if (current == null || current.step != BaseOptimizer.getIterationCount(model)) {
      return;
    }
    try {
      current.readGradients(
          model.gradient(), model.conf().isMiniBatch() ? Math.max(1, current.batch()) : 1);
    } catch (Throwable t) {
      tell("cannot read the gradients of step " + current.step, t);
    }
  }

  @Override
  public void iterationDone(Model model, int iteration, int epoch) {
    if (iteration % sampleEvery != 0) {
      return;
    }
    StepCapture current = capture;
    capture = null;
    try {
      NeuronwatchAgent active = agent;
      if (active == null) {
        return;
      }
      if (current != null && current.step == iteration) {
        current.record(active, model.gradient());
      }
      active.endStep(iteration, model.score());
    } catch (Throwable t) {
      tell("cannot record step " + iteration, t);
    }
  }

  private NeuronwatchAgent agent() {
    NeuronwatchAgent current = agent;
    if (current == null) {
      synchronized (this) {
        if (agent == null) {
          agent = agentSource.get();
        }
        current = agent;
      }
    }
    return current;
  }

  private void layerProblem(PlannedLayer layer, Throwable t) {
    tell("cannot read layer " + layer.name + "; it is left out of the samples", t);
  }

  private void tell(String message, Throwable t) {
    if (told.add(message.replaceAll("step -?\\d+", "step"))) {
      LOG.log(Level.WARNING, "Neuronwatch: " + message, t);
    }
  }
}
