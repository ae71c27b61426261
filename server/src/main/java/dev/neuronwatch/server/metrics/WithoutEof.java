package dev.neuronwatch.server.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Passes bytes through but holds back the last six, dropping them at {@link #finish()} when they
 * are the OpenMetrics {@code # EOF} line: so that a page written in parts has its {@code # EOF}
 * once, at the very end.
 *
 * <pre>{@code
 * WithoutEof first = new WithoutEof(out);
 * writer.write(first, snapshots);
 * first.finish(); // everything but the trailing "# EOF\n" reached out
 * }</pre>
 */
final class WithoutEof extends OutputStream {
  private static final byte[] EOF = "# EOF\n".getBytes(StandardCharsets.US_ASCII);

  private final OutputStream out;
  private final byte[] held = new byte[EOF.length];
  private int heldSize;

  WithoutEof(OutputStream out) {
    this.out = out;
  }

  @Override
  public void write(int b) throws IOException {
    if (heldSize == held.length) {
      out.write(held[0]);
      System.arraycopy(held, 1, held, 0, held.length - 1);
      heldSize--;
    }
    held[heldSize++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (len < held.length) {
      for (int i = 0; i < len; i++) {
        write(b[off + i]);
      }
      return;
    }
    if (heldSize > 0) {
      out.write(held, 0, heldSize);
    }
    if (len > held.length) {
      out.write(b, off, len - held.length);
    }
    System.arraycopy(b, off + len - held.length, held, 0, held.length);
    heldSize = held.length;
  }

  /** Writes out what is held back unless it is the {@code # EOF} line. Does not flush. */
  void finish() throws IOException {
    if (heldSize > 0 && !Arrays.equals(held, 0, heldSize, EOF, 0, EOF.length)) {
      out.write(held, 0, heldSize);
    }
    heldSize = 0;
  }

  @Override
  public void flush() {
    // The writers flush when done; what matters is written by finish().
  }
}
