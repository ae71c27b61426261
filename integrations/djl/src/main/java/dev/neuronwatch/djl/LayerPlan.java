package dev.neuronwatch.djl;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.core.Prelu;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import dev.neuronwatch.protocol.ActivationKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which of a model's leaf blocks the listener reports as layers. A layer is a {@link Linear}, an
 * optional normalisation ({@link BatchNorm}, {@link LayerNorm}) and the activation block that
 * follows: a {@link Prelu}, or a parameterless block that {@link ActivationProbe} identifies. Its
 * output is read after the activation. A Linear followed by anything else (another Linear, dropout,
 * the end) is a {@code linear} layer. When the block after a Linear cannot be identified, the layer
 * is reported before it, labelled {@code linear}, and a warning says so.
 *
 * <p>Blocks with parameters that are not part of such a layer (convolutions, embeddings, blocks
 * other than sequential ones holding layers of their own) are not monitored; a warning names each.
 */
record LayerPlan(List<Layer> layers, List<String> warnings) {

  /** One reported layer: where its output and its parameters are. */
  record Layer(
      String name,
      int depth,
      ActivationKind kind,
      int outputLeaf,
      Parameter weight,
      Parameter bias) {}

  static LayerPlan of(List<LeafBlock> leaves, NDManager manager) {
    List<Layer> layers = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    int i = 0;
    while (i < leaves.size()) {
      LeafBlock leaf = leaves.get(i);
      if (!(leaf.block() instanceof Linear)) {
        if (!leaf.block().getParameters().isEmpty()) {
          warnings.add(
              leaf.path()
                  + " ("
                  + leaf.block().getClass().getSimpleName()
                  + ") is not monitored: only Linear layers and the activation after them are"
                  + " read");
        }
        i++;
        continue;
      }
      int output = i;
      int next = i + 1;
      while (next < leaves.size() && isNormalisation(leaves.get(next).block())) {
        output = next++;
      }
      ActivationKind kind = ActivationKind.LINEAR;
      if (next < leaves.size() && isActivationCandidate(leaves.get(next).block())) {
        LeafBlock candidate = leaves.get(next);
        Optional<ActivationProbe.Identified> found = identify(candidate.block(), manager);
        if (found.isPresent()) {
          kind = found.get().kind();
          output = next++;
        } else {
          warnings.add(
              leaf.path()
                  + ": cannot tell which activation "
                  + candidate.path()
                  + " ("
                  + describe(candidate.block())
                  + ") applies; the layer is reported before it, labelled linear, without "
                  + "dead-unit or saturation readings");
        }
      }
      layers.add(
          new Layer(
              leaf.path(),
              layers.size(),
              kind,
              output,
              leaf.block().getParameters().get("weight"),
              leaf.block().getParameters().get("bias")));
      i = next;
    }
    return new LayerPlan(List.copyOf(layers), List.copyOf(warnings));
  }

  private static Optional<ActivationProbe.Identified> identify(Block block, NDManager manager) {
    if (block instanceof Prelu) {
      return Optional.of(new ActivationProbe.Identified(ActivationKind.PRELU, "prelu"));
    }
    return ActivationProbe.identify(block, manager);
  }

  private static boolean isNormalisation(Block block) {
    return block instanceof BatchNorm || block instanceof LayerNorm;
  }

  private static boolean isActivationCandidate(Block block) {
    return block instanceof Prelu
        || (block.getParameters().isEmpty()
            && !(block instanceof Dropout)
            && !(block instanceof Linear));
  }

  private static String describe(Block block) {
    return block instanceof LambdaBlock lambda
        ? "LambdaBlock " + lambda.getName()
        : block.getClass().getSimpleName();
  }
}
