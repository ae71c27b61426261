package dev.neuronwatch.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body up to a limit, so that a client that sends more than it declared (or
 * declares nothing, chunked) cannot make the server buffer it.
 */
final class BoundedBody {
  private BoundedBody() {}

  /**
   * @return the body, or null when it is longer than {@code limit} bytes
   */
  static byte[] read(InputStream in, int limit) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream(Math.min(limit, 64 * 1024));
    byte[] chunk = new byte[8192];
    long total = 0;
    int read;
    while ((read = in.read(chunk)) != -1) {
      total += read;
      if (total > limit) {
        return null;
      }
      body.write(chunk, 0, read);
    }
    return body.toByteArray();
  }
}
