/**
 * The per-run history behind the page and {@code GET /api/v1/runs/{run}/series}: a bounded,
 * downsampled table of the loss and every layer's statistics over training steps, and the steps at
 * which alerts fired and resolved. Free of HTTP.
 */
package dev.neuronwatch.server.history;
