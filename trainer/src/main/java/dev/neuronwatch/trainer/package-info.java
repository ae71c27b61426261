/**
 * The reference trainer: {@link dev.neuronwatch.trainer.TrainingConfig} describes a run, {@link
 * dev.neuronwatch.trainer.Trainer} executes it deterministically and reports each layer to an
 * optional agent.
 *
 * <pre>{@code
 * TrainingResult result = Trainer.train(TrainingConfig.builder().steps(500).build(), null, null);
 * }</pre>
 */
package dev.neuronwatch.trainer;
