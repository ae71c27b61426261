package dev.neuronwatch.dl4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer's activations as the agent reads them: row-major {@code rows x units} floats, where the
 * units are a dense layer's outputs or a convolution's channels and the rows are the examples of
 * the batch (times the spatial or time positions, for convolutional and recurrent layers).
 *
 * <pre>{@code
 * RowMajor conv = RowMajor.of(activations, false);  // [batch, channels, h, w] -> (batch*h*w) x channels
 * }</pre>
 */
record RowMajor(float[] values, int rows, int units) {

  /**
   * Copies {@code activations} out of ND4J (and out of any workspace).
   *
   * @param channelsLast whether the unit axis is the last one (NHWC, NWC) rather than axis 1
   * @throws IllegalArgumentException for ranks other than 2, 3 and 4
   */
  static RowMajor of(INDArray activations, boolean channelsLast) {
    int rank = activations.rank();
    INDArray arranged;
    if (rank == 2 || channelsLast && (rank == 3 || rank == 4)) {
      arranged = activations;
    } else if (rank == 3) {
      arranged = activations.permute(0, 2, 1); // [batch, units, time] -> [batch, time, units]
    } else if (rank == 4) {
      arranged = activations.permute(0, 2, 3, 1); // NCHW -> NHWC
    } else {
      throw new IllegalArgumentException("activations of rank " + rank + " are not supported");
    }
    long units = arranged.size(rank - 1);
    long rows = arranged.length() / Math.max(1, units);
    return new RowMajor(floats(arranged), Math.toIntExact(rows), Math.toIntExact(units));
  }

  /** All values of {@code array} in row-major order, as floats, in a new Java array. */
  static float[] floats(INDArray array) {
    INDArray asFloat = array.dataType() == DataType.FLOAT ? array : array.castTo(DataType.FLOAT);
    return asFloat.dup('c').data().asFloat();
  }
}
