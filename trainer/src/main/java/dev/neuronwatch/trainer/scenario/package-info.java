/**
 * Presets that reproduce training pathologies from real training dynamics.
 *
 * <pre>{@code
 * TrainingConfig config = Scenario.fromName("saturation").config();
 * }</pre>
 */
package dev.neuronwatch.trainer.scenario;
