/**
 * Synthetic datasets generated from the run's random source, their validation split and mini-batch
 * sampling.
 *
 * <pre>{@code
 * Split split = Spirals.generate(2000, random).split(0.2, random);
 * }</pre>
 */
package dev.neuronwatch.trainer.data;
