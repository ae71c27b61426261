package dev.neuronwatch.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The answer to an accepted push: how many samples were stored, how many the run already held,
 * which attempt of the run they went to, and the run's alerts that are firing now, so that the
 * agent can hand them to the user's alert callback.
 *
 * <p>{@code duplicates} counts the samples at or below the run's last stored step, which the server
 * treats as already stored (a retry of a push whose answer was lost): they are always the first
 * {@code duplicates} samples of the push, as samples increase within a push, and the agent counts
 * them as pushed. {@code attempt} numbers the run's attempts from 1; {@code newAttempt} is true
 * when this push started that attempt because the run started again (its step went back to the
 * run's first step, or the push named a new {@link PushRequest#attempt()}). Older servers send
 * neither: {@code duplicates} reads 0, {@code attempt} null. Unknown fields are ignored, so that a
 * newer server's additions do not make this agent's pushes fail.
 *
 * <pre>{@code
 * PushResponse response = WireJson.decode(body, PushResponse.class);
 * long delivered = response.accepted() + response.duplicates();
 * response.firing().forEach(a -> System.out.println(a.name() + " on " + a.layer()));
 * }</pre>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PushResponse(
    int accepted, int duplicates, List<Alert> firing, Integer attempt, boolean newAttempt) {

  public PushResponse {
    Checks.count("accepted", accepted);
    Checks.count("duplicates", duplicates);
    firing = firing == null ? List.of() : List.copyOf(firing);
  }

  /** An answer with no duplicates and no attempt number (an older server's). */
  public PushResponse(int accepted, List<Alert> firing) {
    this(accepted, 0, firing, null, false);
  }

  /** An answer with duplicates and no attempt number. */
  public PushResponse(int accepted, int duplicates, List<Alert> firing) {
    this(accepted, duplicates, firing, null, false);
  }
}
