package dev.neuronwatch.dl4j;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.Protocol;
import java.util.Optional;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.nd4j.linalg.activations.IActivation;

/**
 * What the listener needs to know of a layer's configuration: whether it is monitored, with which
 * activation kind, and where its unit axis is.
 *
 * <p>Monitored: layers with parameters and an activation function (dense, output, convolution,
 * recurrent, batch normalisation...), loss layers, and activation-only layers ({@code
 * ActivationLayer}, {@code PReLULayer}). Not monitored: layers that only reshape, pool or drop
 * (subsampling, global pooling, dropout, padding...).
 *
 * <pre>{@code
 * Optional<ActivationKind> kind = LayerKinds.kind(layer, () -> log("no kind for ..."));
 * }</pre>
 */
final class LayerKinds {
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/-]*");
  private static final int MAX_NAME = Protocol.MAX_NAME_LENGTH;

  private LayerKinds() {}

  /** The configuration of {@code layer}, unwrapped from frozen and other wrapper layers. */
  static org.deeplearning4j.nn.conf.layers.Layer conf(Layer layer) {
    org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
    while (true) {
      if (conf instanceof FrozenLayer) {
        conf = ((FrozenLayer) conf).getLayer();
      } else if (conf instanceof BaseWrapperLayer) {
        conf = ((BaseWrapperLayer) conf).getUnderlying();
      } else {
        return conf;
      }
    }
  }

  /**
   * The activation kind of a monitored layer, empty for a layer that is not monitored. A monitored
   * layer whose activation has no kind is {@code LINEAR}, and {@code unknown} hears of it.
   */
  static Optional<ActivationKind> kind(Layer layer, Runnable unknown) {
    org.deeplearning4j.nn.conf.layers.Layer conf = conf(layer);
    if (conf instanceof PReLULayer) {
      return Optional.of(ActivationKind.PRELU);
    }
    IActivation fn;
    if (conf instanceof ActivationLayer) {
      fn = ((ActivationLayer) conf).getActivationFn();
    } else if (conf instanceof BaseLayer && (layer.numParams() > 0 || conf instanceof LossLayer)) {
      fn = ((BaseLayer) conf).getActivationFn();
    } else {
      return Optional.empty();
    }
    Optional<ActivationKind> kind = fn == null ? Optional.empty() : Dl4jActivations.kindOf(fn);
    if (kind.isEmpty()) {
      unknown.run();
    }
    return Optional.of(kind.orElse(ActivationKind.LINEAR));
  }

  /** Whether the layer only applies an activation to its input (and may merge with it). */
  static boolean isActivationOnly(Layer layer) {
    org.deeplearning4j.nn.conf.layers.Layer conf = conf(layer);
    return conf instanceof ActivationLayer || conf instanceof PReLULayer;
  }

  /** Whether the layer's outputs put the units (channels) on the last axis. */
  static boolean channelsLast(Layer layer) {
    org.deeplearning4j.nn.conf.layers.Layer conf = conf(layer);
    if (conf instanceof ConvolutionLayer) {
      return ((ConvolutionLayer) conf).getCnn2dDataFormat() == CNN2DFormat.NHWC;
    }
    if (conf instanceof BaseRecurrentLayer) {
      return ((BaseRecurrentLayer) conf).getRnnDataFormat() == RNNFormat.NWC;
    }
    return false;
  }

  /** A metric-label-safe form of a layer name. */
  static String label(String name, String fallback) {
    String raw = name == null || name.isBlank() ? fallback : name;
    String cleaned = raw.replaceAll("[^A-Za-z0-9_.:/-]", "_");
    if (!LABEL.matcher(cleaned).matches()) {
      cleaned = "l" + cleaned;
    }
    return cleaned.length() > MAX_NAME ? cleaned.substring(0, MAX_NAME) : cleaned;
  }
}
