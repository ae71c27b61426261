/**
 * The statistics the agent computes on the training thread: pure arithmetic over float32 arrays, no
 * I/O, no threads, and no allocation per call beyond the immutable results.
 */
package dev.neuronwatch.agent.stats;
