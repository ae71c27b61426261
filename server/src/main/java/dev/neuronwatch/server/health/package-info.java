/** The server's own health as metrics: JVM and process meters beside the training metrics. */
package dev.neuronwatch.server.health;
