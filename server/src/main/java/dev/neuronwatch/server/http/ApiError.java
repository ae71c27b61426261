package dev.neuronwatch.server.http;

/**
 * A request the API refuses, answered as {@code {"error": message, "field": field}} with the given
 * status. {@code field} names the JSON path, query parameter or header at fault, or is null.
 */
final class ApiError extends RuntimeException {
  private final int status;
  private final String field;

  ApiError(int status, String message, String field) {
    super(message, null, false, false);
    this.status = status;
    this.field = field;
  }

  int status() {
    return status;
  }

  String field() {
    return field;
  }
}
