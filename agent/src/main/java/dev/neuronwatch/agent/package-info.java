/**
 * The Neuronwatch agent: a small library that runs inside a training process, measures layers every
 * few steps (dead units, saturation, gradient and weight norms, non-finite values) and pushes the
 * samples to the Neuronwatch server without ever blocking the training thread.
 *
 * <p>Start with {@link dev.neuronwatch.agent.NeuronwatchAgent} and {@link
 * dev.neuronwatch.agent.AgentConfig}.
 */
package dev.neuronwatch.agent;
