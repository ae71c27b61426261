package dev.neuronwatch.detection;

import static dev.neuronwatch.detection.Expectation.DYING_RELU;
import static dev.neuronwatch.detection.Expectation.EXPLODING;
import static dev.neuronwatch.detection.Expectation.FROZEN_LAYER;
import static dev.neuronwatch.detection.Expectation.LOSS_SPIKE;
import static dev.neuronwatch.detection.Expectation.NON_FINITE;
import static dev.neuronwatch.detection.Expectation.SATURATED;
import static dev.neuronwatch.detection.Expectation.VANISHING;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.trainer.OptimizerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The benchmark's labelled runs. Adding a pathology scenario is one line in {@link #SCENARIOS} (its
 * trainer name, the alert it must raise, how its onset is found); names the trainer does not know
 * yet are skipped with a note. Healthy configurations come from {@link HealthyConfigs}.
 *
 * <pre>{@code
 * RunCatalog catalog = RunCatalog.of(Tier.QUICK);
 * catalog.pathologies().forEach(spec -> ...);
 * }</pre>
 */
public final class RunCatalog {
  /** The trainer's pathology scenarios, one line each. */
  static final List<Pathology> SCENARIOS =
      List.of(
          Pathology.scenario("dying-relu", Expectation.alert(DYING_RELU, Onset.DEAD_UNITS)),
          Pathology.scenario(
              "vanishing-gradients", Expectation.alert(VANISHING, Onset.ATTENUATION)),
          Pathology.scenario(
              "exploding-gradients",
              Expectation.alert(EXPLODING, Onset.GRADIENT_GROWTH).orBeforeNonFinite(NON_FINITE)),
          Pathology.scenario("saturation", Expectation.alert(SATURATED, Onset.SATURATION)),
          Pathology.scenario("loss-spike", Expectation.alert(LOSS_SPIKE, Onset.LOSS_SPIKE)),
          Pathology.scenario("frozen-layer", Expectation.alert(FROZEN_LAYER, Onset.FROZEN_LAYER)),
          Pathology.scenario("deep-relu-xavier", Expectation.alert(VANISHING, Onset.ATTENUATION)),
          Pathology.scenario(
              "small-init-sigmoid", Expectation.alert(VANISHING, Onset.ATTENUATION)));

  /** Variants of the scenarios (full tier only). */
  static final List<Pathology> VARIANTS =
      List.of(
          fastDivergence(ActivationKind.PRELU),
          fastDivergence(ActivationKind.ELU),
          fastDivergence(ActivationKind.LEAKY_RELU),
          Pathology.variant(
              "exploding-deep-linear",
              "exploding-gradients",
              c -> c.toBuilder().hiddenLayers(3).build(),
              Expectation.alert(EXPLODING, Onset.GRADIENT_GROWTH).orBeforeNonFinite(NON_FINITE)),
          Pathology.variant(
              "dying-relu-wide",
              "dying-relu",
              c -> c.toBuilder().width(128).build(),
              Expectation.alert(DYING_RELU, Onset.DEAD_UNITS)));

  private final List<RunSpec> pathologies;
  private final List<RunSpec> healthy;
  private final List<String> notes;

  private RunCatalog(List<RunSpec> pathologies, List<RunSpec> healthy, List<String> notes) {
    this.pathologies = List.copyOf(pathologies);
    this.healthy = List.copyOf(healthy);
    this.notes = List.copyOf(notes);
  }

  /** The runs of {@code tier}. */
  public static RunCatalog of(Tier tier) {
    List<String> notes = new ArrayList<>();
    List<RunSpec> pathologies = new ArrayList<>();
    List<Pathology> labelled = new ArrayList<>(SCENARIOS);
    if (tier == Tier.FULL) {
      labelled.addAll(VARIANTS);
    }
    for (Pathology pathology : labelled) {
      var config = pathology.config();
      if (config.isEmpty()) {
        notes.add(
            "skipped `"
                + pathology.name()
                + "`: the trainer has no scenario `"
                + pathology.scenario()
                + "` yet");
        continue;
      }
      for (long seed : tier.pathologySeeds()) {
        for (int every : tier.sampleEvery()) {
          pathologies.add(
              new RunSpec(
                  pathology.name(),
                  config.get().toBuilder().seed(seed).build(),
                  every,
                  pathology.expected()));
        }
      }
    }
    List<RunSpec> healthy = new ArrayList<>();
    for (var entry : HealthyConfigs.of(tier).entrySet()) {
      for (long seed : tier.healthySeeds()) {
        for (int every : tier.sampleEvery()) {
          healthy.add(
              new RunSpec(
                  "healthy/" + entry.getKey(),
                  entry.getValue().toBuilder().seed(seed).build(),
                  every,
                  Expectation.healthy()));
        }
      }
    }
    return new RunCatalog(pathologies, healthy, notes);
  }

  /** A ReLU-family net at SGD 0.3 with momentum: diverges within a few dozen steps. */
  private static Pathology fastDivergence(ActivationKind activation) {
    return Pathology.variant(
        "fast-divergence-" + activation.wireName().replace('_', '-'),
        "dying-relu",
        c ->
            c.toBuilder()
                .activation(activation)
                .optimizer(OptimizerKind.SGD)
                .learningRate(0.3)
                .momentum(0.9)
                .build(),
        Expectation.alert(EXPLODING, Onset.GRADIENT_GROWTH).orBeforeNonFinite(NON_FINITE));
  }

  /** The runs whose id matches {@code filter} anywhere; the notes stay. */
  public RunCatalog filter(Pattern filter) {
    return new RunCatalog(
        pathologies.stream().filter(spec -> filter.matcher(spec.id()).find()).toList(),
        healthy.stream().filter(spec -> filter.matcher(spec.id()).find()).toList(),
        notes);
  }

  public List<RunSpec> pathologies() {
    return pathologies;
  }

  public List<RunSpec> healthy() {
    return healthy;
  }

  /** What was skipped, and why. */
  public List<String> notes() {
    return notes;
  }
}
