package dev.neuronwatch.dl4j;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Computes an output layer's activations on a sampled step. Deeplearning4j hands training listeners
 * every layer's output except the output layers' (their backward pass starts from their input), so
 * the listener applies the layer's own parameters and activation function to that input: {@code
 * act(input W + b)} for a dense {@code OutputLayer}, {@code act(input)} for a {@code LossLayer}.
 * Dropout on the output layer's input and weight noise are not applied: with either configured the
 * figures describe the noise-free outputs.
 *
 * <pre>{@code
 * if (OutputActivations.supports(layer)) {
 *   INDArray out = OutputActivations.of(layer, preProcessor, inputToOutputLayer, batch);
 * }
 * }</pre>
 */
final class OutputActivations {
  private OutputActivations() {}

  /** Whether the activations of {@code layer} can be computed from its input. */
  static boolean supports(Layer layer) {
    org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
    return conf instanceof OutputLayer || conf instanceof LossLayer;
  }

  /** The layer's activations for {@code input}, the output of the layer before it. */
  static INDArray of(Layer layer, InputPreProcessor preProcessor, INDArray input, int batch) {
    INDArray in =
        preProcessor == null
            ? input
            : preProcessor.preProcess(input, batch, LayerWorkspaceMgr.noWorkspaces());
    org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
    IActivation fn = ((org.deeplearning4j.nn.conf.layers.BaseLayer) conf).getActivationFn();
    INDArray preOutput;
    if (conf instanceof LossLayer) {
      preOutput = in.dup();
    } else {
      INDArray weights = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
      preOutput = in.castTo(weights.dataType()).mmul(weights);
      if (((BaseOutputLayer) conf).hasBias()) {
        preOutput.addiRowVector(layer.getParam(DefaultParamInitializer.BIAS_KEY));
      }
    }
    return fn.getActivation(preOutput, true);
  }
}
