package dev.neuronwatch.agent.stats;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Measures dead units of ReLU-family layers: the fraction of units whose output is at most 0 for
 * every row of a batch.
 *
 * <p>For ReLU that means exactly zero. For leaky ReLU, PReLU and ELU the output is positive if and
 * only if the pre-activation is, so a non-positive output for every example means the unit sits
 * on its flat (or nearly flat) side for the whole batch, which is what "dead" means. A NaN output
 * is not "at most 0", so it keeps a unit alive here; non-finite values are reported separately.
 *
 * <p>The per-unit scratch buffer is cached by layer name and reused, so after a layer's first
 * sampled step no arrays are allocated. Not thread-safe: one tracker per sampling thread.
 *
 * <pre>{@code
 * DeadUnitTracker tracker = new DeadUnitTracker();
 * double dead = tracker.deadFraction("dense_0", reluOutput, batch, units);
 * }</pre>
 */
public final class DeadUnitTracker {
  private final Map<String, boolean[]> scratchByLayer = new HashMap<>();

  /**
   * The fraction of the {@code units} columns of the row-major {@code batch x units} matrix in
   * {@code output} that are at most 0 in every row.
   *
   * @throws IllegalArgumentException when batch or units is not positive or {@code output} holds
   *     fewer than {@code batch * units} values
   */
  public double deadFraction(String layer, float[] output, int batch, int units) {
    Shapes.requireMatrix("output", output, batch, units);
    boolean[] dead = scratch(layer, units);
    Arrays.fill(dead, 0, units, true);
    int offset = 0;
    for (int row = 0; row < batch; row++) {
      for (int unit = 0; unit < units; unit++) {
        if (!(output[offset + unit] <= 0f)) {
          dead[unit] = false;
        }
      }
      offset += units;
    }
    int deadUnits = 0;
    for (int unit = 0; unit < units; unit++) {
      if (dead[unit]) {
        deadUnits++;
      }
    }
    return (double) deadUnits / units;
  }

  /** The scratch buffer for a layer, at least {@code units} long; package-private for tests. */
  boolean[] scratch(String layer, int units) {
    boolean[] buffer = scratchByLayer.get(layer);
    if (buffer == null || buffer.length < units) {
      buffer = new boolean[units];
      scratchByLayer.put(layer, buffer);
    }
    return buffer;
  }
}
