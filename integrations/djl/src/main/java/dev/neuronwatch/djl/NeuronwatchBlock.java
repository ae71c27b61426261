package dev.neuronwatch.djl;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wraps a model's {@link SequentialBlock} so that {@link NeuronwatchTrainingListener} can read
 * every layer's activations on the steps it samples, while the model's output stays exactly the
 * wrapped block's output: the loss, the evaluators and inference see no difference.
 *
 * <p>On other steps, and whenever it is not training, {@code forward} is the wrapped block's own
 * {@code forward} after one flag check. On a step the listener armed, the first training forward
 * runs the wrapped block's children one after the other itself (what {@link SequentialBlock} does),
 * descending into nested {@code SequentialBlock}s, and keeps a reference to each child's output
 * until the listener takes them at the end of the batch. Those arrays are part of the autograd
 * graph anyway, so keeping them costs no copy and no extra memory.
 *
 * <p>Parameters are those of the wrapped block, one level deeper: save or export {@link #inner()}
 * to keep the file format of the unwrapped model.
 *
 * <pre>{@code
 * SequentialBlock net = new SequentialBlock()
 *     .add(Linear.builder().setUnits(64).build()).add(Activation::relu)
 *     .add(Linear.builder().setUnits(3).build());
 * model.setBlock(NeuronwatchBlock.wrap(net));
 * }</pre>
 */
public final class NeuronwatchBlock extends AbstractBlock {
  private static final byte VERSION = 1;

  private final SequentialBlock inner;
  private final AtomicBoolean armed = new AtomicBoolean();
  private final AtomicReference<List<NDList>> captured = new AtomicReference<>();
  private volatile List<LeafBlock> leaves;

  private NeuronwatchBlock(SequentialBlock inner) {
    super(VERSION);
    this.inner = addChildBlock("monitored", inner);
  }

  /**
   * Wraps {@code block}; build it completely first.
   *
   * @throws NullPointerException when {@code block} is null
   */
  public static NeuronwatchBlock wrap(SequentialBlock block) {
    return new NeuronwatchBlock(Objects.requireNonNull(block, "block"));
  }

  /** The wrapped block. */
  public SequentialBlock inner() {
    return inner;
  }

  /** The leaves in execution order: nested sequential blocks flattened, named by path. */
  List<LeafBlock> leaves() {
    List<LeafBlock> known = leaves;
    if (known == null) {
      known = List.copyOf(LeafBlock.flatten(inner));
      leaves = known;
    }
    return known;
  }

  /** Makes the next training forward keep each leaf's output. */
  void arm() {
    captured.set(null);
    armed.set(true);
  }

  /** The outputs of the armed forward, one per {@link #leaves()} entry, or null; clears them. */
  List<NDList> takeCaptured() {
    armed.set(false);
    return captured.getAndSet(null);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    if (training && armed.compareAndSet(true, false)) {
      return capture(
          inputs, (leaf, current) -> leaf.forward(parameterStore, current, true, params));
    }
    return inner.forward(parameterStore, inputs, training, params);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore, NDList data, NDList labels, PairList<String, Object> params) {
    if (armed.compareAndSet(true, false)) {
      return capture(
          data, (leaf, current) -> leaf.forward(parameterStore, current, labels, params));
    }
    return inner.forward(parameterStore, data, labels, params);
  }

  private interface LeafForward {
    NDList apply(Block leaf, NDList current);
  }

  private NDList capture(NDList inputs, LeafForward forward) {
    List<LeafBlock> all = leaves();
    List<NDList> outputs = new ArrayList<>(all.size());
    NDList current = inputs;
    for (LeafBlock leaf : all) {
      current = forward.apply(leaf.block(), current);
      outputs.add(current);
    }
    captured.set(outputs);
    return current;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    inner.initialize(manager, dataType, inputShapes);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inner.getOutputShapes(inputShapes);
  }

  @Override
  public String toString() {
    return "NeuronwatchBlock(" + inner + ")";
  }
}
