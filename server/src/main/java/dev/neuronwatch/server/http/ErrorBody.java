package dev.neuronwatch.server.http;

/**
 * The JSON body of every error answer; {@code field} is left out when no single field is at fault.
 *
 * <pre>{@code
 * {"error": "must not be negative, was -1", "field": "samples[0].step"}
 * }</pre>
 */
public record ErrorBody(String error, String field) {}
