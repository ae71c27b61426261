package dev.neuronwatch.agent.push;

import dev.neuronwatch.protocol.WireFormatException;
import dev.neuronwatch.protocol.WireJson;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Reads the reason out of an error response: {@code {"error": ..., "field": ...}} or text. */
final class ServerError {
  private static final int MAX_TEXT = 200;

  private ServerError() {}

  static String describe(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    try {
      Map<?, ?> json = WireJson.decode(body, Map.class);
      Object error = json.get("error");
      Object field = json.get("field");
      if (error != null) {
        return field == null ? error.toString() : error + " (field " + field + ")";
      }
    } catch (WireFormatException | RuntimeException notJson) {
      // Not the protocol's error object: fall back to the text itself.
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
  }
}
