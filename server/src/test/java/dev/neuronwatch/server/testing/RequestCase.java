package dev.neuronwatch.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One case of a request corpus on the test classpath: a manifest ({@code key: value} lines), a
 * blank line, then the body bytes, where {@code <<repeat N>>TEXT<<end>>} stands for TEXT N times.
 *
 * <pre>{@code
 * List<RequestCase> cases = RequestCase.load("bad-requests");
 * }</pre>
 *
 * @param contentType the header to send, or null for none
 * @param field the error's expected field, or null for an accepted case
 * @param reason the expected rejection reason, or null for an accepted case
 * @param series lines {@code /metrics} must show after an accepted case
 * @param gap why the server does not yet answer as expected, or null
 */
public record RequestCase(
    String name,
    String description,
    String contentType,
    int status,
    String field,
    String reason,
    List<String> series,
    String gap,
    byte[] body) {

  private static final String REPEAT = "<<repeat ";
  private static final String END = "<<end>>";

  @Override
  public String toString() {
    return name + " (" + description + ")";
  }

  /** Every {@code *.case} file of a classpath directory, by name. */
  public static List<RequestCase> load(String directory) {
    URL url = RequestCase.class.getClassLoader().getResource(directory);
    if (url == null) {
      throw new IllegalStateException("no " + directory + " on the test classpath");
    }
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".case"))
          .sorted()
          .map(RequestCase::read)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static RequestCase read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int split = indexOf(bytes, "\n\n".getBytes(StandardCharsets.US_ASCII), 0);
    if (split < 0) {
      throw new IllegalArgumentException(file + ": no blank line after the manifest");
    }
    String name = file.getFileName().toString().replaceFirst("\\.case$", "");
    String description = "";
    String contentType = null;
    Integer status = null;
    String field = null;
    String reason = null;
    List<String> series = new ArrayList<>();
    String gap = null;
    for (String line : new String(bytes, 0, split, StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("#")) {
        description = line.substring(1).trim();
        continue;
      }
      int colon = line.indexOf(": ");
      if (colon < 0) {
        throw new IllegalArgumentException(file + ": not 'key: value': " + line);
      }
      String value = line.substring(colon + 2);
      switch (line.substring(0, colon)) {
        case "content-type" -> contentType = value.equals("none") ? null : value;
        case "status" -> status = Integer.valueOf(value);
        case "field" -> field = value;
        case "reason" -> reason = value;
        case "series" -> series.add(value);
        case "gap" -> gap = value;
        default -> throw new IllegalArgumentException(file + ": unknown key in " + line);
      }
    }
    if (status == null) {
      throw new IllegalArgumentException(file + ": no status");
    }
    byte[] body = expand(bytes, split + 2);
    return new RequestCase(
        name, description, contentType, status, field, reason, List.copyOf(series), gap, body);
  }

  private static byte[] expand(byte[] bytes, int from) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
    byte[] repeat = REPEAT.getBytes(StandardCharsets.US_ASCII);
    byte[] end = END.getBytes(StandardCharsets.US_ASCII);
    int at = from;
    while (true) {
      int macro = indexOf(bytes, repeat, at);
      if (macro < 0) {
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
      }
      out.write(bytes, at, macro - at);
      int close = indexOf(bytes, ">>".getBytes(StandardCharsets.US_ASCII), macro);
      int countStart = macro + repeat.length;
      int count =
          Integer.parseInt(
              new String(bytes, countStart, close - countStart, StandardCharsets.US_ASCII));
      int textEnd = indexOf(bytes, end, close + 2);
      for (int i = 0; i < count; i++) {
        out.write(bytes, close + 2, textEnd - close - 2);
      }
      at = textEnd + end.length;
    }
  }

  private static int indexOf(byte[] bytes, byte[] target, int from) {
    outer:
    for (int i = from; i <= bytes.length - target.length; i++) {
      for (int j = 0; j < target.length; j++) {
        if (bytes[i + j] != target[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
