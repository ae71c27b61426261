package dev.neuronwatch.server.http;

import java.util.Map;

/**
 * A request the API refuses, answered as {@code {"error": message, "field": field}} with the given
 * status and headers (such as {@code Retry-After}). {@code field} names the JSON path, query
 * parameter or header at fault, or is null.
 */
final class ApiError extends RuntimeException {
  private final int status;
  private final String field;
  private final Map<String, String> headers;

  ApiError(int status, String message, String field) {
    this(status, message, field, Map.of());
  }

  ApiError(int status, String message, String field, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.field = field;
    this.headers = Map.copyOf(headers);
  }

  int status() {
    return status;
  }

  String field() {
    return field;
  }

  Map<String, String> headers() {
    return headers;
  }
}
