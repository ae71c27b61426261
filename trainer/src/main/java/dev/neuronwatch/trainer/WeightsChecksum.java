package dev.neuronwatch.trainer;

import dev.neuronwatch.trainer.nn.Parameter;
import java.util.List;

/**
 * A 64-bit FNV-1a hash over the raw bits ({@link Float#floatToRawIntBits}) of every parameter value
 * in order, so that equal checksums mean bit-identical networks (with overwhelming probability),
 * NaN payloads included.
 *
 * <pre>{@code
 * long checksum = WeightsChecksum.of(network.parameters());
 * }</pre>
 */
final class WeightsChecksum {
  private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  private WeightsChecksum() {}

  static long of(List<Parameter> parameters) {
    long hash = OFFSET_BASIS;
    for (Parameter parameter : parameters) {
      for (float value : parameter.value()) {
        int bits = Float.floatToRawIntBits(value);
        for (int shift = 0; shift < 32; shift += 8) {
          hash ^= (bits >>> shift) & 0xff;
          hash *= PRIME;
        }
      }
    }
    return hash;
  }
}
