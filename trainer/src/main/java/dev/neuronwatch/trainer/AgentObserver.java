package dev.neuronwatch.trainer;

import dev.neuronwatch.agent.LayerTensors;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.trainer.nn.Dense;
import dev.neuronwatch.trainer.nn.Network;
import dev.neuronwatch.trainer.nn.Prelu;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands the network's layers to a {@link NeuronwatchAgent} on its sampled steps and ends every step
 * with the batch loss. One {@link LayerTensors} per layer is created up front and pointed at the
 * layer's (reused) arrays.
 *
 * <p>Per layer the agent gets the activations before dropout, the weights after this step's update,
 * the weight and bias gradients of the loss (before clipping and weight decay) and the update just
 * applied (all zeros for a layer left out of the optimiser, as it really is), and for PReLU layers
 * the learnable slopes. As output gradient, a hidden layer reports dLoss/d(its activations); the
 * output layer, whose activation is fused with the loss, reports dLoss/d(logits).
 *
 * <pre>{@code
 * StepObserver observer = new AgentObserver(agent, network);
 * }</pre>
 */
final class AgentObserver implements StepObserver {
  private final NeuronwatchAgent agent;
  private final List<LayerTensors> tensors = new ArrayList<>();

  AgentObserver(NeuronwatchAgent agent, Network network) {
    this.agent = agent;
    List<Dense> layers = network.layers();
    for (int i = 0; i < layers.size(); i++) {
      Dense layer = layers.get(i);
      boolean output = i == layers.size() - 1;
      LayerTensors layerTensors =
          LayerTensors.of(
                  layer.name(), i, layer.activation().kind(), network.capacity(), layer.units())
              .output(layer.activations())
              .outputGradient(output ? layer.preActivationGradient() : layer.activationGradient())
              .weights(layer.weights().value())
              .weightGradient(layer.weights().gradient())
              .biasGradient(layer.bias().gradient())
              .lastUpdate(layer.weights().lastUpdate());
      if (layer.activation() instanceof Prelu) {
        layerTensors.alpha(((Prelu) layer.activation()).alpha().value());
      }
      tensors.add(layerTensors);
    }
  }

  @Override
  public void afterStep(long step, Network network, int rows, double loss) {
    if (agent.isSampling(step)) {
      for (int i = 0; i < tensors.size(); i++) {
        agent.recordLayer(step, tensors.get(i).batch(rows));
      }
    }
    agent.endStep(step, loss);
  }

  @Override
  public void finish() {
    agent.finish();
  }
}
