package dev.neuronwatch.cli;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.neuronwatch.agent.AgentStatus;
import dev.neuronwatch.protocol.Alert;
import java.util.List;

/**
 * The machine-readable end of a {@code train} run, printed by {@code --json}: what was trained, how
 * it ended, which alerts the server reported while it ran and what the agent did.
 *
 * <p>In JSON every number is a JSON number: a non-finite loss is written as null with {@code
 * finalLossNonFinite} (or {@code validationLossNonFinite}) true. {@code delivered} is false when
 * some samples never reached the server (unreachable, refused, or still queued at the end); {@code
 * undelivered} counts them; {@code nothingDelivered} is true when samples were taken and the server
 * accepted none (unreachable, or refusing the token: {@code agent.refusedStatus} 401 or 403), and
 * {@code train} then exits with status 1.
 *
 * <pre>{@code
 * {"run":"healthy-1","steps":1000,"finalLoss":null,"finalLossNonFinite":true,"delivered":false,
 *  "undelivered":100, ...}
 * }</pre>
 */
record TrainingReport(
    String run,
    String scenario,
    long steps,
    @JsonIgnore double finalLoss,
    Double finalAccuracy,
    @JsonIgnore Double validationLoss,
    Double validationAccuracy,
    boolean diverged,
    boolean stoppedEarly,
    List<Alert> alerts,
    AgentStatus agent) {

  /** The final loss for JSON: null when not finite. */
  @JsonProperty("finalLoss")
  @JsonInclude(JsonInclude.Include.ALWAYS)
  Double finalLossOrNull() {
    return Double.isFinite(finalLoss) ? finalLoss : null;
  }

  @JsonProperty
  boolean finalLossNonFinite() {
    return !Double.isFinite(finalLoss);
  }

  /** The validation loss for JSON: null when there is none or it is not finite. */
  @JsonProperty("validationLoss")
  Double validationLossOrNull() {
    return validationLoss != null && Double.isFinite(validationLoss) ? validationLoss : null;
  }

  @JsonProperty
  boolean validationLossNonFinite() {
    return validationLoss != null && !Double.isFinite(validationLoss);
  }

  /** True when every sample the agent took reached the server. */
  @JsonProperty
  boolean delivered() {
    return undelivered() == 0;
  }

  /** Samples taken that the server never accepted. */
  @JsonProperty
  long undelivered() {
    return agent.samplesTaken() - agent.samplesPushed();
  }

  /** True when samples were taken and the server accepted not one of them. */
  @JsonProperty
  boolean nothingDelivered() {
    return agent.samplesTaken() > 0 && agent.samplesPushed() == 0;
  }

  /** One line for the console when samples did not reach the server, else empty. */
  String deliveryProblem() {
    if (delivered()) {
      return "";
    }
    if (agent.unauthorized()) {
      return String.format(
          "%s: the server refused %s %d samples (%d: wrong or missing token); set"
              + " NEURONWATCH_WRITE_TOKEN (or --token-env) to the server's write token",
          nothingDelivered() ? "NOTHING DELIVERED" : "NOT DELIVERED",
          nothingDelivered() ? "all" : "the last",
          nothingDelivered() ? agent.samplesTaken() : undelivered(),
          agent.refusedStatus());
    }
    return String.format(
        "%s: %d of %d samples never reached the server (%d failed push attempts%s);"
            + " is the server running at the --server address?",
        nothingDelivered() ? "NOTHING DELIVERED" : "NOT DELIVERED",
        undelivered(),
        agent.samplesTaken(),
        agent.pushesFailed(),
        agent.refusedStatus() == 0 ? "" : ", last refusal " + agent.refusedStatus());
  }
}
