package dev.neuronwatch.detection;

import dev.neuronwatch.trainer.TrainingConfig;
import dev.neuronwatch.trainer.scenario.Scenario;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A labelled pathology: a trainer scenario by name, optionally changed by {@code variant}, and what
 * it must raise. The scenario is looked up when the benchmark runs, so a name this trainer does not
 * know yet is skipped (with a note) rather than failing the build.
 *
 * <pre>{@code
 * Pathology dying = Pathology.scenario("dying-relu", Expectation.alert(DYING_RELU, DEAD_UNITS));
 * Optional<TrainingConfig> config = dying.config();
 * }</pre>
 */
public record Pathology(
    String name, String scenario, UnaryOperator<TrainingConfig> variant, Expectation expected) {
  public Pathology {
    if (expected == null || expected.isHealthy()) {
      throw new IllegalArgumentException(name + ": a pathology must expect an alert");
    }
  }

  /** The scenario as the trainer defines it. */
  public static Pathology scenario(String scenario, Expectation expected) {
    return new Pathology(scenario, scenario, UnaryOperator.identity(), expected);
  }

  /** A variant of {@code scenario}, named {@code name}. */
  public static Pathology variant(
      String name, String scenario, UnaryOperator<TrainingConfig> change, Expectation expected) {
    return new Pathology(name, scenario, change, expected);
  }

  /** The configuration, or empty when the trainer knows no scenario of that name. */
  public Optional<TrainingConfig> config() {
    Scenario known;
    try {
      known = Scenario.fromName(scenario);
    } catch (IllegalArgumentException unknown) {
      return Optional.empty();
    }
    return Optional.of(variant.apply(known.config()));
  }
}
