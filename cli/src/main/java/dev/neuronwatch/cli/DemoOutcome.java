package dev.neuronwatch.cli;

import dev.neuronwatch.protocol.Alert;
import dev.neuronwatch.protocol.AlertState;
import dev.neuronwatch.trainer.scenario.Scenario;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What one demo scenario raised on the server, against the alert it is built to raise. */
record DemoOutcome(String scenario, String expected, List<String> raised, double finalLoss) {

  /** The alert each scenario reproduces; healthy raises none. */
  static final Map<Scenario, String> EXPECTED =
      Map.of(
          Scenario.HEALTHY, "",
          Scenario.DYING_RELU, "NeuronwatchDyingRelu",
          Scenario.VANISHING_GRADIENTS, "NeuronwatchVanishingGradient",
          Scenario.EXPLODING_GRADIENTS, "NeuronwatchExplodingGradient",
          Scenario.SATURATION, "NeuronwatchSaturatedActivations",
          Scenario.LOSS_SPIKE, "NeuronwatchLossSpike",
          Scenario.FROZEN_LAYER, "NeuronwatchFrozenLayer",
          Scenario.DEEP_RELU_XAVIER, "NeuronwatchVanishingGradient",
          Scenario.SMALL_INIT_SIGMOID, "NeuronwatchVanishingGradient");

  static DemoOutcome of(Scenario scenario, TrainingReport summary, List<Alert> serverAlerts) {
    List<String> raised =
        serverAlerts.stream()
            .filter(a -> a.state() != AlertState.PENDING)
            .map(Alert::name)
            .collect(Collectors.toCollection(TreeSet::new))
            .stream()
            .toList();
    return new DemoOutcome(scenario.cliName(), EXPECTED.get(scenario), raised, summary.finalLoss());
  }

  boolean asExpected() {
    return expected.isEmpty() ? raised.isEmpty() : raised.contains(expected);
  }

  String line() {
    return (asExpected() ? "OK   " : "MISS ")
        + (raised.isEmpty() ? "no alert raised" : "raised " + String.join(", ", raised))
        + String.format(" (final loss %.4g)", finalLoss);
  }

  static String table(List<DemoOutcome> outcomes) {
    StringBuilder table = new StringBuilder();
    table.append(String.format("%-22s %-34s %s%n", "scenario", "expected", "raised"));
    for (DemoOutcome o : outcomes) {
      table.append(
          String.format(
              "%-22s %-34s %s%s%n",
              o.scenario,
              o.expected.isEmpty() ? "(none)" : o.expected,
              o.raised.isEmpty() ? "(none)" : String.join(", ", o.raised),
              o.asExpected() ? "" : "   <- not as expected"));
    }
    return table.toString();
  }
}
