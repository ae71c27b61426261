/**
 * A small float32 neural-network engine: dense layers, activations with exact derivatives, fused
 * losses, optimisers. Pure computation, no I/O; every buffer is allocated once.
 *
 * <pre>{@code
 * network.forward(x, rows, null);
 * loss.compute(network.logits(), y, rows, network.outputs(), network.logitGradient());
 * network.backward(x, rows);
 * optimizer.step(1.0);
 * }</pre>
 */
package dev.neuronwatch.trainer.nn;
