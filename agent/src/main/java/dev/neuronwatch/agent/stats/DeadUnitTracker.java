package dev.neuronwatch.agent.stats;

import java.util.HashMap;
import java.util.Map;

/**
 * Measures, per unit of a ReLU-family layer, whether it stayed on one side of 0 for every row of a
 * batch: the dead fraction of a ReLU layer and the negative-regime fraction of a leaky ReLU, PReLU
 * or ELU layer.
 *
 * <ul>
 *   <li>{@link #deadFraction}: units whose output is at most 0 (for ReLU: exactly 0) for every
 *       example. Such a unit passes no gradient back at all: it is dead.
 *   <li>{@link #negativeFraction}: units whose output is below 0 for every example. For leaky ReLU,
 *       PReLU and ELU that is the negative regime: the unit still passes a (smaller) gradient, so
 *       it is not dead, and the measure is informative only.
 * </ul>
 *
 * A NaN output is neither, so it keeps a unit out of both counts; non-finite values are reported
 * separately.
 *
 * <p>The per-unit scratch buffer is cached by layer name and reused, so after a layer's first
 * sampled step no arrays are allocated. Not thread-safe: one tracker per sampling thread.
 *
 * <pre>{@code
 * DeadUnitTracker tracker = new DeadUnitTracker();
 * double dead = tracker.deadFraction("dense_0", reluOutput, batch, units);
 * double negative = tracker.negativeFraction("dense_1", leakyOutput, batch, units);
 * }</pre>
 */
public final class DeadUnitTracker {
  private final Map<String, float[]> scratchByLayer = new HashMap<>();
  private final FloatKernel kernel = FloatKernel.get();

  /**
   * The fraction of the {@code units} columns of the row-major {@code batch x units} matrix in
   * {@code output} that are at most 0 in every row.
   *
   * @throws IllegalArgumentException when batch or units is not positive or {@code output} holds
   *     fewer than {@code batch * units} values
   */
  public double deadFraction(String layer, float[] output, int batch, int units) {
    return fractionOnSide(layer, output, batch, units, false);
  }

  /**
   * The fraction of the {@code units} columns of the row-major {@code batch x units} matrix in
   * {@code output} that are below 0 in every row.
   *
   * @throws IllegalArgumentException when batch or units is not positive or {@code output} holds
   *     fewer than {@code batch * units} values
   */
  public double negativeFraction(String layer, float[] output, int batch, int units) {
    return fractionOnSide(layer, output, batch, units, true);
  }

  /**
   * Per unit, the largest output over the batch ({@code Math.max}, which a NaN wins): a unit is at
   * most 0 in every row exactly when that is {@code <= 0}, below 0 in every row when it is {@code <
   * 0}, and a NaN keeps it out of both. The statistics kernel takes the maxima, row by row (SIMD
   * with the Vector API).
   */
  private double fractionOnSide(
      String layer, float[] output, int batch, int units, boolean strictlyNegative) {
    Shapes.requireMatrix("output", output, batch, units);
    float[] largest = scratch(layer, units);
    kernel.columnMax(output, batch, units, largest);
    int count = 0;
    if (strictlyNegative) {
      for (int unit = 0; unit < units; unit++) {
        count += largest[unit] < 0f ? 1 : 0;
      }
    } else {
      for (int unit = 0; unit < units; unit++) {
        count += largest[unit] <= 0f ? 1 : 0;
      }
    }
    return (double) count / units;
  }

  /** The scratch buffer for a layer, at least {@code units} long; package-private for tests. */
  float[] scratch(String layer, int units) {
    float[] buffer = scratchByLayer.get(layer);
    if (buffer == null || buffer.length < units) {
      buffer = new float[units];
      scratchByLayer.put(layer, buffer);
    }
    return buffer;
  }
}
