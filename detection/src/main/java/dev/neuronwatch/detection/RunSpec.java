package dev.neuronwatch.detection;

import dev.neuronwatch.trainer.TrainingConfig;

/**
 * One labelled run of the benchmark: a training configuration (seed included), how often the agent
 * samples, and what must be raised.
 *
 * <p>{@code group} names the configuration without seed and sampling ({@code dying-relu}, {@code
 * healthy/tanh-moons-3x64-adam}); {@code id} names the run, and is its run name on the server.
 *
 * <pre>{@code
 * RunSpec spec = new RunSpec("dying-relu", Scenario.fromName("dying-relu").config(), 10,
 *     Expectation.alert(Expectation.DYING_RELU, Onset.DEAD_UNITS));
 * }</pre>
 */
public record RunSpec(String group, TrainingConfig config, int sampleEvery, Expectation expected) {
  public RunSpec {
    if (group == null || !group.matches("[A-Za-z0-9_./:-]{1,100}")) {
      throw new IllegalArgumentException("group must be 1-100 of [A-Za-z0-9_./:-], was " + group);
    }
    if (config == null || expected == null) {
      throw new IllegalArgumentException("config and expected are required");
    }
    if (sampleEvery < 1) {
      throw new IllegalArgumentException("sampleEvery must be at least 1, was " + sampleEvery);
    }
  }

  /** The run's name: group, seed and sampling interval. */
  public String id() {
    return group + "/s" + config.seed() + "/e" + sampleEvery;
  }

  /** A short description of the configuration for the report. */
  public String describe() {
    TrainingConfig c = config;
    String optimizer =
        c.optimizer().cliName()
            + " "
            + c.learningRate()
            + (c.optimizer().cliName().equals("sgd") && c.momentum() > 0
                ? " m" + c.momentum()
                : "");
    return c.hiddenLayers()
        + "x"
        + c.width()
        + " "
        + c.activation().wireName()
        + " "
        + c.init().cliName()
        + ", "
        + optimizer
        + ", "
        + c.dataset().cliName()
        + ", "
        + c.steps()
        + " steps"
        + (c.dropout() > 0 ? ", dropout " + c.dropout() : "");
  }
}
