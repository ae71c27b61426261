package dev.neuronwatch.detection;

import java.util.List;
import java.util.Locale;

/**
 * How much of the benchmark to run.
 *
 * <ul>
 *   <li>{@code quick}: one seed of each pathology scenario at the agent's default sample-every 10
 *       and a handful of healthy configurations; what the build runs.
 *   <li>{@code full}: every pathology scenario and variant over three seeds, every healthy
 *       configuration over two seeds, each at sample-every 1 and 10, plus the long runs.
 * </ul>
 *
 * <pre>{@code
 * Tier tier = Tier.fromName("full");
 * }</pre>
 */
public enum Tier {
  QUICK(List.of(42L), List.of(42L), List.of(10)),
  FULL(List.of(42L, 7L, 1234L), List.of(42L, 7L), List.of(1, 10));

  private final List<Long> pathologySeeds;
  private final List<Long> healthySeeds;
  private final List<Integer> sampleEvery;

  Tier(List<Long> pathologySeeds, List<Long> healthySeeds, List<Integer> sampleEvery) {
    this.pathologySeeds = pathologySeeds;
    this.healthySeeds = healthySeeds;
    this.sampleEvery = sampleEvery;
  }

  /** Parses {@code quick} or {@code full}, ignoring case. */
  public static Tier fromName(String name) {
    for (Tier tier : values()) {
      if (tier.cliName().equalsIgnoreCase(name == null ? "" : name.trim())) {
        return tier;
      }
    }
    throw new IllegalArgumentException("unknown tier '" + name + "', expected quick or full");
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public List<Long> pathologySeeds() {
    return pathologySeeds;
  }

  public List<Long> healthySeeds() {
    return healthySeeds;
  }

  public List<Integer> sampleEvery() {
    return sampleEvery;
  }
}
