package dev.neuronwatch.cli;

import dev.neuronwatch.agent.AgentStatus;
import dev.neuronwatch.model.Alert;
import java.util.List;

/**
 * The machine-readable end of a {@code train} run, printed by {@code --json}: what was trained,
 * how it ended, which alerts the server reported while it ran and what the agent did.
 */
record RunSummary(
    String run,
    String scenario,
    long steps,
    double finalLoss,
    Double finalAccuracy,
    Double validationLoss,
    Double validationAccuracy,
    boolean diverged,
    boolean stoppedEarly,
    List<Alert> alerts,
    AgentStatus agent) {}
