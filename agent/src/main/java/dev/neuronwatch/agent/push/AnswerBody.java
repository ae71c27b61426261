package dev.neuronwatch.agent.push;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * Reads the body of an HTTP answer within a size limit and a deadline: a broken or hostile server
 * must neither make the training process buffer an endless body nor hold the push thread with one
 * that trickles in.
 *
 * <pre>{@code
 * byte[] body = AnswerBody.read(connection, 4 << 20, System.nanoTime() + timeout.toNanos());
 * }</pre>
 */
final class AnswerBody {
  private static final int FIRST_BUFFER = 8 * 1024;

  private AnswerBody() {}

  /**
   * The body of the answer {@code connection} received, at most {@code limit} bytes, read before
   * {@code deadline} (a {@link System#nanoTime()} value, checked after each read); empty when the
   * answer has none. Reading it to the end lets the connection serve the next request.
   *
   * @throws IOException when the body is larger than {@code limit} (refused unread when its
   *     Content-Length says so)
   * @throws SocketTimeoutException when the deadline passes before the body is complete
   */
  static byte[] read(HttpURLConnection connection, int limit, long deadline) throws IOException {
    long declared = connection.getContentLengthLong();
    if (declared > limit) {
      throw tooLarge(limit);
    }
    try (InputStream in =
        connection.getResponseCode() >= 400
            ? connection.getErrorStream()
            : connection.getInputStream()) {
      if (in == null) {
        return new byte[0];
      }
      byte[] buffer = new byte[declared >= 0 ? (int) declared : Math.min(limit, FIRST_BUFFER)];
      int length = 0;
      while (true) {
        if (length == buffer.length) {
          // Full: the body either ends here or needs more room, within the limit.
          int next = in.read();
          if (next < 0) {
            return buffer;
          }
          if (length == limit) {
            throw tooLarge(limit);
          }
          buffer = Arrays.copyOf(buffer, (int) Math.min(limit, 2L * length + 1));
          buffer[length++] = (byte) next;
        }
        int read = in.read(buffer, length, buffer.length - length);
        if (read < 0) {
          return Arrays.copyOf(buffer, length);
        }
        length += read;
        if (System.nanoTime() - deadline > 0) {
          throw new SocketTimeoutException("the answer was still incomplete at the deadline");
        }
      }
    }
  }

  private static IOException tooLarge(int limit) {
    return new IOException("the response body is larger than " + limit + " bytes");
  }
}
