package dev.neuronwatch.server.metrics;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A buffered byte writer for exposition lines: whole byte arrays (names, pre-escaped labels) and
 * sample values spelled as client_java spells them ({@link Double#toString}, through the faster
 * {@link DoubleSpelling}; {@code +Inf}, {@code -Inf}). Not thread-safe; one per scrape.
 *
 * <pre>{@code
 * TextSink sink = new TextSink(out);
 * sink.write(nameBytes);
 * sink.write(' ');
 * sink.value(0.25);
 * sink.drain();
 * }</pre>
 */
final class TextSink {
  private static final byte[] ZERO = {'0', '.', '0'};
  private static final byte[] PLUS_INF = {'+', 'I', 'n', 'f'};
  private static final byte[] MINUS_INF = {'-', 'I', 'n', 'f'};

  private final OutputStream out;
  private final byte[] buffer = new byte[32 * 1024];
  private int size;

  TextSink(OutputStream out) {
    this.out = out;
  }

  void write(byte[] bytes) throws IOException {
    if (bytes.length > buffer.length - size) {
      drain();
      if (bytes.length > buffer.length) {
        out.write(bytes);
        return;
      }
    }
    System.arraycopy(bytes, 0, buffer, size, bytes.length);
    size += bytes.length;
  }

  void write(char ascii) throws IOException {
    if (size == buffer.length) {
      drain();
    }
    buffer[size++] = (byte) ascii;
  }

  /** A sample value as client_java's text writers spell it. */
  void value(double value) throws IOException {
    if (value == 0.0 && 1 / value > 0) {
      write(ZERO);
    } else if (value == Double.POSITIVE_INFINITY) {
      write(PLUS_INF);
    } else if (value == Double.NEGATIVE_INFINITY) {
      write(MINUS_INF);
    } else {
      String text = DoubleSpelling.of(value);
      if (text.length() > buffer.length - size) {
        drain();
      }
      for (int i = 0; i < text.length(); i++) {
        buffer[size++] = (byte) text.charAt(i); // digits, '.', '-', 'E', "NaN": all ASCII
      }
    }
  }

  /** Writes what is buffered through to the stream (without flushing the stream). */
  void drain() throws IOException {
    if (size > 0) {
      out.write(buffer, 0, size);
      size = 0;
    }
  }
}
