package dev.neuronwatch.djl;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.neuronwatch.trainer.data.Dataset;
import dev.neuronwatch.trainer.data.Spirals;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The reference network's problem in DJL: three-armed spirals (2 000 points) learned by an MLP with
 * DJL's own Trainer on the PyTorch engine, batches of 64, seeded.
 */
final class SpiralsTraining {
  static final int BATCH = 64;
  static final int CLASSES = 3;

  private SpiralsTraining() {}

  /** 3 x 64 hidden units with {@code activation} after each, then 3 linear outputs. */
  static SequentialBlock mlp(Function<NDList, NDList> activation) {
    SequentialBlock net = new SequentialBlock();
    for (int i = 0; i < 3; i++) {
      net.add(Linear.builder().setUnits(64).build()).add(activation);
    }
    return net.add(Linear.builder().setUnits(CLASSES).build());
  }

  static SequentialBlock reluMlp() {
    return mlp(Activation::relu);
  }

  /** The reference network's dying-ReLU recipe: SGD, learning rate 0.3, momentum 0.9. */
  static Optimizer dyingSgd() {
    return Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.3f)).optMomentum(0.9f).build();
  }

  /** The reference network's healthy recipe: Adam 1e-3. */
  static Optimizer healthyAdam() {
    return Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
  }

  static ArrayDataset spirals(NDManager manager, long seed) {
    Dataset data = Spirals.generate(2000, CLASSES, new SplittableRandom(seed));
    float[] x = new float[data.rows() * 2];
    float[] y = new float[data.rows()];
    for (int row = 0; row < data.rows(); row++) {
      x[2 * row] = data.input(row, 0);
      x[2 * row + 1] = data.input(row, 1);
      y[row] = data.label(row);
    }
    return new ArrayDataset.Builder()
        .setData(manager.create(x, new Shape(data.rows(), 2)))
        .optLabels(manager.create(y, new Shape(data.rows())))
        .setSampling(BATCH, true)
        .build();
  }

  /** Trains {@code block} for exactly {@code steps} batches, as {@code EasyTrain.fit} does. */
  static void train(
      Block block, Optimizer optimizer, int steps, long seed, TrainingListener... listeners)
      throws Exception {
    Engine.getInstance().setRandomSeed((int) seed);
    try (Model model = Model.newInstance("spirals")) {
      model.setBlock(block);
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
              .optOptimizer(optimizer)
              // DJL's default weight initialiser (Xavier) rejects PReLU's scalar alpha
              .optInitializer(new ConstantInitializer(0.25f), "alpha")
              .addTrainingListeners(listeners);
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(BATCH, 2));
        ArrayDataset data = spirals(trainer.getManager(), seed);
        int done = 0;
        while (done < steps) {
          for (Batch batch : trainer.iterateDataset(data)) {
            EasyTrain.trainBatch(trainer, batch);
            trainer.step();
            batch.close();
            if (++done == steps) {
              break;
            }
          }
        }
      }
    }
  }
}
