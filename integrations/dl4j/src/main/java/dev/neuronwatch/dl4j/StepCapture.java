package dev.neuronwatch.dl4j;

import dev.neuronwatch.agent.LayerTensors;
import dev.neuronwatch.agent.NeuronwatchAgent;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The arrays of one sampled step, copied out of ND4J as Deeplearning4j offers them: the outputs in
 * {@code onForwardPass}, the raw gradients in {@code onGradientCalculation}, then the weights and
 * the update the optimiser applied in {@code iterationDone}, when the step is recorded.
 *
 * <p>Copies are needed: the activations live in a workspace that is reused, and the updater turns
 * the gradient array into the update in place.
 *
 * <pre>{@code
 * StepCapture capture = new StepCapture(step, plan, problems);
 * capture.readOutputs(activations::get, batch);
 * capture.readGradients(model.gradient(), capture.batch());
 * capture.record(agent, model.gradient());
 * }</pre>
 */
final class StepCapture {
  final long step;
  final LayerPlan plan;
  private int batch = 1;
  private final BiConsumer<PlannedLayer, Throwable> problems;
  private final RowMajor[] outputs;
  private final float[][] weightGradients;
  private final float[][] biasGradients;

  StepCapture(long step, LayerPlan plan, BiConsumer<PlannedLayer, Throwable> problems) {
    this.step = step;
    this.plan = plan;
    this.problems = problems;
    int n = plan.layers.size();
    this.outputs = new RowMajor[n];
    this.weightGradients = new float[n][];
    this.biasGradients = new float[n][];
  }

  /** Copies every planned layer's outputs; output layers' are computed from their input. */
  void readOutputs(Function<String, INDArray> activations, int batch) {
    this.batch = batch;
    for (int i = 0; i < outputs.length; i++) {
      PlannedLayer layer = plan.layers.get(i);
      try {
        INDArray out =
            layer.isComputedOutput()
                ? OutputActivations.of(
                    layer.paramLayer, layer.preProcessor, activations.apply(layer.inputKey), batch)
                : activations.apply(layer.outputKey);
        outputs[i] = out == null ? null : RowMajor.of(out, layer.channelsLast);
      } catch (Throwable t) {
        problems.accept(layer, t);
      }
    }
  }

  /** The minibatch size of the step, from the network's input. */
  int batch() {
    return batch;
  }

  /**
   * Copies the weight and bias gradients, before the updater changes them in place. Deeplearning4j
   * sums them over the minibatch and its updater divides by the batch size (unless the network is
   * configured with {@code miniBatch(false)}); {@code divisor} does the same, so the figures are
   * the gradients of the score, the batch-mean loss.
   */
  void readGradients(Gradient gradient, double divisor) {
    if (gradient == null) {
      return;
    }
    for (int i = 0; i < outputs.length; i++) {
      PlannedLayer layer = plan.layers.get(i);
      if (layer.paramLayer == null) {
        continue;
      }
      try {
        weightGradients[i] = scaled(gradient.getGradientFor(layer.gradientPrefix + "_W"), divisor);
        biasGradients[i] = scaled(gradient.getGradientFor(layer.gradientPrefix + "_b"), divisor);
      } catch (Throwable t) {
        problems.accept(layer, t);
      }
    }
  }

  /**
   * Hands every layer with outputs to the agent, with the weights as they are now (after the
   * update) and the update just applied, which {@code update} holds once the optimiser has run.
   */
  void record(NeuronwatchAgent agent, Gradient update) {
    for (int i = 0; i < outputs.length; i++) {
      PlannedLayer layer = plan.layers.get(i);
      RowMajor out = outputs[i];
      if (out == null || out.rows() == 0 || out.units() == 0) {
        continue;
      }
      try {
        LayerTensors tensors =
            layer
                .tensors(out.rows(), out.units())
                .output(out.values())
                .weightGradient(weightGradients[i])
                .biasGradient(biasGradients[i])
                .weights(null)
                .lastUpdate(null);
        if (layer.paramLayer != null) {
          tensors.weights(copy(layer.paramLayer.getParam(DefaultParamInitializer.WEIGHT_KEY)));
          if (update != null && weightGradients[i] != null) {
            tensors.lastUpdate(copy(update.getGradientFor(layer.gradientPrefix + "_W")));
          }
        }
        agent.recordLayer(step, tensors);
      } catch (Throwable t) {
        problems.accept(layer, t);
      }
    }
  }

  private static float[] scaled(INDArray array, double divisor) {
    float[] values = copy(array);
    if (values != null && divisor != 1) {
      for (int i = 0; i < values.length; i++) {
        values[i] /= (float) divisor;
      }
    }
    return values;
  }

  private static float[] copy(INDArray array) {
    return array == null ? null : RowMajor.floats(array);
  }
}
