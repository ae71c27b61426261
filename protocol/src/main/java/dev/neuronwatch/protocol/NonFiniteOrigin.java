package dev.neuronwatch.protocol;

/**
 * Where non-finite values first appeared in a run: the layer (empty for the loss), the kind of
 * tensor and the step of the sample that first held them.
 *
 * <p>Within one sample the server looks in the order a training step computes things: layer outputs
 * in forward order, then the loss, then gradients in backward order (deepest first), then the last
 * update and the weights in forward order.
 *
 * <pre>{@code
 * NonFiniteOrigin origin = new NonFiniteOrigin("dense_2", "gradient", 118);
 * }</pre>
 */
public record NonFiniteOrigin(String layer, String tensor, long step) {

  public NonFiniteOrigin {
    Checks.required("layer", layer);
    Checks.required("tensor", tensor);
    Checks.count("step", step);
  }
}
