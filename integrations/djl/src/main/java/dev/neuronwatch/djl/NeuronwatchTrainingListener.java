package dev.neuronwatch.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import dev.neuronwatch.agent.NeuronwatchAgent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A DJL {@code TrainingListener} that hands a Neuronwatch agent the layers of a model on the steps
 * the agent samples: each {@code Linear} layer's activations (captured by {@link
 * NeuronwatchBlock}), weights, weight and bias gradients, the change the optimiser last applied to
 * the weights, and the batch loss.
 *
 * <p>Steps count training batches from 1. {@code onTrainingBatch} runs after backward and before
 * the optimiser's step, so the weights and gradients read are those the step uses. On a step that
 * is not sampled the listener only increments its counter and checks it against the agent's
 * interval; the step before a sampled one also arms the block and copies each layer's weights, so
 * that the sample can carry the update the optimiser applied in between ({@link #withoutUpdates}
 * skips that copy). Nothing is ever thrown into the training: a problem is logged once and that
 * sample is skipped.
 *
 * <pre>{@code
 * model.setBlock(NeuronwatchBlock.wrap(net));
 * try (NeuronwatchAgent agent = NeuronwatchAgent.start(AgentConfig.builder().run("mlp-1").build());
 *     Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
 *         .addTrainingListeners(new NeuronwatchTrainingListener(agent)))) {
 *   trainer.initialize(new Shape(64, 2));
 *   EasyTrain.fit(trainer, epochs, trainingSet, null);
 *   agent.finish();
 * }
 * }</pre>
 */
public final class NeuronwatchTrainingListener extends TrainingListenerAdapter {
  private final NeuronwatchAgent agent;
  private final boolean readUpdates;
  private final Warnings warnings = new Warnings(NeuronwatchTrainingListener.class);
  private long step;
  private NeuronwatchBlock block;
  private List<LayerReading> layers;

  /**
   * A listener feeding {@code agent}, which stays the caller's to finish and close.
   *
   * @throws NullPointerException when {@code agent} is null
   */
  public NeuronwatchTrainingListener(NeuronwatchAgent agent) {
    this(agent, true);
  }

  private NeuronwatchTrainingListener(NeuronwatchAgent agent, boolean readUpdates) {
    this.agent = Objects.requireNonNull(agent, "agent");
    this.readUpdates = readUpdates;
  }

  /**
   * A listener that does not copy the weights on the step before a sampled one: steps that are not
   * sampled then cost only the counter check, and samples carry no update ratio (except with
   * sample-every 1, where the previous step's weights are at hand anyway).
   *
   * <pre>{@code
   * config.addTrainingListeners(NeuronwatchTrainingListener.withoutUpdates(agent));
   * }</pre>
   *
   * @throws NullPointerException when {@code agent} is null
   */
  public static NeuronwatchTrainingListener withoutUpdates(NeuronwatchAgent agent) {
    return new NeuronwatchTrainingListener(agent, false);
  }

  /** The last training batch seen, counted from 1; 0 before the first. */
  public long step() {
    return step;
  }

  @Override
  public void onTrainingBegin(Trainer trainer) {
    try {
      if (trainer.getModel().getBlock() instanceof NeuronwatchBlock monitored) {
        block = monitored;
        armIfSampling(step + 1);
      } else {
        warnings.once(
            "unwrapped",
            "the model's block is not a NeuronwatchBlock, so no layer is sampled: wrap it with "
                + "model.setBlock(NeuronwatchBlock.wrap(sequentialBlock))",
            null);
      }
    } catch (Throwable t) {
      warnings.once("begin", "cannot attach to the trainer", t);
    }
  }

  @Override
  public void onTrainingBatch(Trainer trainer, BatchData batchData) {
    long current = ++step;
    if (block == null) {
      return;
    }
    if (agent.isSampling(current)) {
      try {
        sample(trainer, batchData, current);
      } catch (Throwable t) {
        warnings.once(t.getClass().getName(), "step " + current + " not sampled", t);
      }
    }
    if (agent.isSampling(current + 1)) {
      try {
        prepare(trainer, current);
      } catch (Throwable t) {
        warnings.once(
            "prepare:" + t.getClass().getName(), "cannot prepare step " + (current + 1), t);
      }
    }
  }

  private void armIfSampling(long next) {
    if (agent.isSampling(next)) {
      block.arm();
    }
  }

  /**
   * On the step before a sampled one: keep the weights for the update, capture the next forward.
   */
  private void prepare(Trainer trainer, long current) {
    if (readUpdates) {
      for (LayerReading layer : layers(trainer)) {
        layer.rememberWeights(current);
      }
    }
    block.arm();
  }

  private void sample(Trainer trainer, BatchData batchData, long current) {
    List<NDList> outputs = block.takeCaptured();
    if (outputs == null) {
      warnings.once(
          "no-capture",
          "step " + current + ": the training forward did not run through the NeuronwatchBlock",
          null);
      return;
    }
    for (LayerReading layer : layers(trainer)) {
      NDArray output = outputs.get(layer.layer().outputLeaf()).get(0);
      agent.recordLayer(current, layer.read(current, output));
    }
    agent.endStep(current, loss(trainer, batchData));
  }

  private List<LayerReading> layers(Trainer trainer) {
    if (layers == null) {
      LayerPlan plan = LayerPlan.of(block.leaves(), trainer.getManager());
      plan.warnings().forEach(w -> warnings.once(w, w, null));
      List<LayerReading> readings = new ArrayList<>();
      plan.layers().forEach(layer -> readings.add(new LayerReading(layer)));
      layers = List.copyOf(readings);
    }
    return layers;
  }

  /** The batch loss, recomputed from the predictions (mean over devices); NaN when unreadable. */
  private double loss(Trainer trainer, BatchData batchData) {
    double sum = 0;
    int devices = 0;
    for (Map.Entry<Device, NDList> predictions : batchData.getPredictions().entrySet()) {
      NDList labels = batchData.getLabels().get(predictions.getKey());
      try (NDArray loss = trainer.getLoss().evaluate(labels, predictions.getValue())) {
        sum += loss.toType(DataType.FLOAT64, false).getDouble();
        devices++;
      }
    }
    return devices == 0 ? Double.NaN : sum / devices;
  }
}
