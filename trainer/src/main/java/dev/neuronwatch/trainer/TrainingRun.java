package dev.neuronwatch.trainer;

import dev.neuronwatch.trainer.data.BatchSampler;
import dev.neuronwatch.trainer.data.Dataset;
import dev.neuronwatch.trainer.data.Split;
import dev.neuronwatch.trainer.nn.Adam;
import dev.neuronwatch.trainer.nn.GradientClip;
import dev.neuronwatch.trainer.nn.Loss;
import dev.neuronwatch.trainer.nn.MeanSquaredError;
import dev.neuronwatch.trainer.nn.Network;
import dev.neuronwatch.trainer.nn.Optimizer;
import dev.neuronwatch.trainer.nn.Parameter;
import dev.neuronwatch.trainer.nn.Sgd;
import dev.neuronwatch.trainer.nn.SigmoidBinaryCrossEntropy;
import dev.neuronwatch.trainer.nn.SoftmaxCrossEntropy;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * One training run, start to finish. Its single random source, seeded from the configuration, draws
 * in a fixed order: the dataset, the validation split, the weights, then each step's batch order
 * and dropout masks; so the seed fixes every bit of the run.
 *
 * <pre>{@code
 * TrainingResult result = new TrainingRun(config, network -> StepObserver.NONE, null, 50).run();
 * }</pre>
 */
final class TrainingRun {
  private static final System.Logger LOG = System.getLogger(TrainingRun.class.getName());

  private final TrainingConfig config;
  private final StepObserver observer;
  private final ProgressListener listener;
  private final int divergencePatience;
  private final SplittableRandom random;
  private final Split split;
  private final int batchSize;
  private final Network network;
  private final Loss loss;
  private final Optimizer optimizer;
  private final BatchSampler batches;
  private final float[] inputs;
  private final float[] targets;
  private final Evaluator evaluator;

  /**
   * @param observer creates the observer of the network, once it is built
   * @param listener hears progress; null for none
   * @param divergencePatience how many consecutive steps with a non-finite loss end the run
   */
  TrainingRun(
      TrainingConfig config,
      Function<Network, StepObserver> observer,
      ProgressListener listener,
      int divergencePatience) {
    this.config = config;
    this.listener = listener;
    this.divergencePatience = divergencePatience;
    this.random = new SplittableRandom(config.seed());
    Dataset data = config.dataset().generate(config.samples(), random);
    this.split = data.split(config.validationFraction(), random);
    this.batchSize = Math.min(config.batchSize(), split.train().rows());
    this.loss = lossFor(data, config);
    this.network =
        NetworkLayout.build(
            config, data.inputDim(), data.outputDim(), loss.outputActivation(), batchSize, random);
    this.optimizer = optimizerFor(config, network);
    this.observer = observer.apply(network);
    this.batches = new BatchSampler(split.train(), batchSize, random);
    this.inputs = new float[batchSize * data.inputDim()];
    this.targets = new float[batchSize * data.outputDim()];
    this.evaluator = new Evaluator(network, loss, inputs, targets);
  }

  private static Loss lossFor(Dataset data, TrainingConfig config) {
    switch (data.task()) {
      case MULTI_CLASS:
        return new SoftmaxCrossEntropy(config.softmaxTemperature());
      case BINARY:
        return new SigmoidBinaryCrossEntropy();
      default:
        return new MeanSquaredError();
    }
  }

  private static Optimizer optimizerFor(TrainingConfig config, Network network) {
    List<Parameter> trained = trainedParameters(config, network);
    if (config.optimizer() == OptimizerKind.SGD) {
      return new Sgd(trained, config.learningRate(), config.momentum(), config.weightDecay());
    }
    return new Adam(trained, config.learningRate(), config.weightDecay());
  }

  /**
   * Every parameter but those of the frozen layer, if any: the "parameter left out of the
   * optimiser" bug. The frozen layer still computes its gradients (the layers below need them), but
   * nothing applies them, and its {@link Parameter#lastUpdate()} stays 0.
   */
  private static List<Parameter> trainedParameters(TrainingConfig config, Network network) {
    OptionalInt frozen = config.frozenLayer();
    if (frozen.isEmpty()) {
      return network.parameters();
    }
    List<Parameter> left = new ArrayList<>(network.parameters());
    left.removeAll(network.layers().get(frozen.getAsInt()).parameters());
    return left;
  }

  Network network() {
    return network;
  }

  /**
   * Step {@code step} alone, observed as in {@link #run()}, without evaluation, early stopping or
   * the divergence stop; returns the batch loss. For harnesses that time single steps.
   */
  double advance(long step) {
    double batchLoss = step(step);
    observer.afterStep(step, network, batchSize, batchLoss);
    return batchLoss;
  }

  /** Tells the observer training has ended, as {@link #run()} does at its end. */
  void finish() {
    observer.finish();
  }

  TrainingResult run() {
    long step = 0;
    int nonFiniteSteps = 0;
    boolean diverged = false;
    boolean stoppedEarly = false;
    EarlyStopping earlyStopping = new EarlyStopping(config.earlyStoppingPatience());
    Progress last = null;
    while (step < config.steps()) {
      step++;
      double batchLoss = step(step);
      observer.afterStep(step, network, batchSize, batchLoss);
      nonFiniteSteps = Double.isFinite(batchLoss) ? 0 : nonFiniteSteps + 1;
      if (nonFiniteSteps >= divergencePatience) {
        diverged = true;
        LOG.log(
            System.Logger.Level.DEBUG,
            "loss not finite for {0} steps, stopping at step {1}",
            nonFiniteSteps,
            step);
        break;
      }
      if (step % config.evalEvery() == 0) {
        last = report(step);
        if (last.validationLoss() != null && earlyStopping.shouldStop(last.validationLoss())) {
          stoppedEarly = true;
          break;
        }
      }
    }
    observer.finish();
    if (last == null || last.step() != step) {
      last = report(step);
    }
    diverged |= !Double.isFinite(last.trainLoss());
    return new TrainingResult(
        step,
        last.trainLoss(),
        last.trainAccuracy(),
        last.validationLoss(),
        last.validationAccuracy(),
        stoppedEarly,
        diverged,
        WeightsChecksum.of(network.parameters()));
  }

  /**
   * One forward, backward and update on the next batch, at the schedule's rate for {@code step};
   * returns the batch loss.
   */
  private double step(long step) {
    optimizer.learningRate(
        config.lrSchedule().rate(config.learningRate(), step, config.lrPeriod()));
    batches.next(inputs, targets);
    network.forward(inputs, batchSize, config.dropout() > 0 ? random : null);
    double batchLoss =
        loss.compute(
            network.logits(), targets, batchSize, network.outputs(), network.logitGradient());
    network.backward(inputs, batchSize);
    double scale =
        config.gradientClip() > 0
            ? GradientClip.scale(network.parameters(), config.gradientClip())
            : 1;
    optimizer.step(scale);
    return batchLoss;
  }

  private Progress report(long step) {
    Evaluation train = evaluator.evaluate(split.train());
    Evaluation validation =
        split.validation().isEmpty() ? null : evaluator.evaluate(split.validation());
    Progress progress =
        new Progress(
            step,
            train.loss(),
            train.accuracy(),
            validation == null ? null : validation.loss(),
            validation == null ? null : validation.accuracy());
    if (listener != null) {
      listener.onProgress(progress);
    }
    return progress;
  }
}
