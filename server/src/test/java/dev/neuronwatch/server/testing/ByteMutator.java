package dev.neuronwatch.server.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Breaks JSON bodies the ways a fuzzer does, from a seeded {@link Random}: flips bits, deletes,
 * inserts and duplicates bytes, truncates, and swaps a value for one of another type. One call
 * applies one to three mutations.
 *
 * <pre>{@code
 * byte[] broken = ByteMutator.mutate(new Random(seed), WireJson.encode(push));
 * }</pre>
 */
public final class ByteMutator {
  private static final String[] VALUES = {
    "null",
    "true",
    "false",
    "0",
    "-1",
    "1e308",
    "-0.0",
    "\"\"",
    "\"x\"",
    "[]",
    "{}",
    "NaN",
    "Infinity",
    "9223372036854775808",
    "\"NaN\"",
    "[[[[[[[[[[]]]]]]]]]]",
    "{\"a\":{\"b\":1}}",
    "\"\\u0000\"",
    "\"\\ud800\""
  };
  private static final byte[] INSERTS =
      "{}[]\",:\\0123456789.eE+-ntfa \n\u00ff".getBytes(StandardCharsets.ISO_8859_1);

  private ByteMutator() {}

  public static byte[] mutate(Random random, byte[] body) {
    byte[] result = body;
    int mutations = 1 + random.nextInt(3);
    for (int i = 0; i < mutations && result.length > 0; i++) {
      result =
          switch (random.nextInt(6)) {
            case 0 -> flipBit(random, result);
            case 1 -> delete(random, result);
            case 2 -> insert(random, result);
            case 3 -> truncate(random, result);
            case 4 -> duplicate(random, result);
            default -> swapValue(random, result);
          };
    }
    return result;
  }

  private static byte[] flipBit(Random random, byte[] body) {
    byte[] copy = body.clone();
    copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
    return copy;
  }

  private static byte[] delete(Random random, byte[] body) {
    int from = random.nextInt(body.length);
    int length = 1 + random.nextInt(Math.min(16, body.length - from));
    return splice(body, from, from + length, new byte[0]);
  }

  private static byte[] insert(Random random, byte[] body) {
    byte[] inserted = new byte[1 + random.nextInt(4)];
    for (int i = 0; i < inserted.length; i++) {
      inserted[i] = INSERTS[random.nextInt(INSERTS.length)];
    }
    int at = random.nextInt(body.length + 1);
    return splice(body, at, at, inserted);
  }

  private static byte[] truncate(Random random, byte[] body) {
    return splice(body, random.nextInt(body.length), body.length, new byte[0]);
  }

  private static byte[] duplicate(Random random, byte[] body) {
    int from = random.nextInt(body.length);
    int to = from + 1 + random.nextInt(Math.min(64, body.length - from));
    byte[] copy = new byte[to - from];
    System.arraycopy(body, from, copy, 0, copy.length);
    return splice(body, to, to, copy);
  }

  /** Replaces the value after a random {@code ":"} (up to the next , or }) with another type's. */
  private static byte[] swapValue(Random random, byte[] body) {
    int colon = indexOfFrom(body, (byte) ':', random.nextInt(body.length));
    if (colon < 0) {
      colon = indexOfFrom(body, (byte) ':', 0);
      if (colon < 0) {
        return body;
      }
    }
    int end = colon + 1;
    int depth = 0;
    while (end < body.length) {
      byte b = body[end];
      if (b == '{' || b == '[') {
        depth++;
      } else if ((b == '}' || b == ']') && depth-- == 0) {
        break;
      } else if (b == ',' && depth == 0) {
        break;
      }
      end++;
    }
    byte[] value = VALUES[random.nextInt(VALUES.length)].getBytes(StandardCharsets.UTF_8);
    return splice(body, colon + 1, end, value);
  }

  private static int indexOfFrom(byte[] body, byte target, int from) {
    for (int i = from; i < body.length; i++) {
      if (body[i] == target) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] splice(byte[] body, int from, int to, byte[] replacement) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + replacement.length);
    out.write(body, 0, from);
    out.write(replacement, 0, replacement.length);
    out.write(body, to, body.length - to);
    return out.toByteArray();
  }
}
