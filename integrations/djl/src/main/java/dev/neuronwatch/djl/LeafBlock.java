package dev.neuronwatch.djl;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * One block that runs on its own inside a sequential model, with its path: the child names from the
 * wrapped block down, joined by {@code _} as DJL joins them in parameter names ({@code
 * 02SequentialBlock_01Linear}).
 */
record LeafBlock(String path, Block block) {

  /**
   * The blocks {@code root} runs, in order. Nested {@link SequentialBlock}s are opened (unless they
   * return their intermediates, which changes what they output); any other block is a leaf.
   */
  static List<LeafBlock> flatten(SequentialBlock root) {
    List<LeafBlock> out = new ArrayList<>();
    collect(root, "", out);
    return out;
  }

  private static void collect(SequentialBlock parent, String prefix, List<LeafBlock> out) {
    for (Pair<String, Block> child : parent.getChildren()) {
      String path = prefix + child.getKey();
      if (child.getValue() instanceof SequentialBlock nested && !nested.isReturnIntermediate()) {
        collect(nested, path + "_", out);
      } else {
        out.add(new LeafBlock(path, child.getValue()));
      }
    }
  }
}
