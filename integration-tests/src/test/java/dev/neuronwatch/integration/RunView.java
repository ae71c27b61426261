package dev.neuronwatch.integration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.neuronwatch.protocol.AgentCounters;
import java.util.List;

/** One entry of the server's {@code GET /api/v1/runs}, as far as these tests read it. */
@JsonIgnoreProperties(ignoreUnknown = true)
record RunView(
    String run,
    Long lastStep,
    long samples,
    boolean finished,
    List<String> layers,
    AgentCounters agent,
    int attempt) {}
