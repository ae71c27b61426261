package dev.neuronwatch.trainer;

/**
 * Hears about training progress: every {@link TrainingConfig#evalEvery()} steps and once more at
 * the last step if that is not a multiple of it. Called on the training thread.
 *
 * <pre>{@code
 * Trainer.train(config, null, p -> System.err.printf("%d %.4f%n", p.step(), p.trainLoss()));
 * }</pre>
 */
@FunctionalInterface
public interface ProgressListener {
  void onProgress(Progress progress);
}
