/**
 * Delivery of samples to the server: the HTTP client, the bounded queue and push thread, retries
 * with backoff, and the agent's delivery counters.
 */
package dev.neuronwatch.agent.push;
