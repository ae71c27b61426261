/**
 * Deeplearning4j integration: {@link dev.neuronwatch.dl4j.NeuronwatchTrainingListener} feeds the
 * Neuronwatch agent from a {@code MultiLayerNetwork} or {@code ComputationGraph} while it trains.
 */
package dev.neuronwatch.dl4j;
