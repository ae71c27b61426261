/**
 * Neuronwatch for Deep Java Library training: {@link
 * dev.neuronwatch.djl.NeuronwatchTrainingListener} reads weights, gradients, updates and the loss
 * on the agent's sampled steps, and {@link dev.neuronwatch.djl.NeuronwatchBlock} captures each
 * layer's activations on those steps.
 *
 * <pre>{@code
 * model.setBlock(NeuronwatchBlock.wrap(net));
 * trainingConfig.addTrainingListeners(new NeuronwatchTrainingListener(agent));
 * }</pre>
 */
package dev.neuronwatch.djl;
