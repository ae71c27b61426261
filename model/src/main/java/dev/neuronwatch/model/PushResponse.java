package dev.neuronwatch.model;

import java.util.List;

/**
 * The answer to an accepted push: how many samples were stored and the run's alerts that are
 * firing now, so that the agent can hand them to the user's alert callback.
 *
 * <pre>{@code
 * PushResponse response = WireJson.decode(body, PushResponse.class);
 * response.firing().forEach(a -> System.out.println(a.name() + " on " + a.layer()));
 * }</pre>
 */
public record PushResponse(int accepted, List<Alert> firing) {

  public PushResponse {
    firing = firing == null ? List.of() : List.copyOf(firing);
  }
}
