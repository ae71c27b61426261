package dev.neuronwatch.trainer;

/**
 * The optimiser: {@code sgd} (with {@link TrainingConfig#momentum()}, 0 for plain SGD) or {@code
 * adam} (beta1 0.9, beta2 0.999, epsilon 1e-8).
 *
 * <pre>{@code
 * OptimizerKind kind = OptimizerKind.fromName("sgd");
 * }</pre>
 */
public enum OptimizerKind {
  SGD,
  ADAM;

  /** Parses {@code "sgd"} or {@code "adam"}, case-insensitively. */
  public static OptimizerKind fromName(String name) {
    return EnumNames.parse(values(), OptimizerKind::cliName, name, "optimizer");
  }

  /** The command-line name, e.g. {@code "adam"}. */
  public String cliName() {
    return EnumNames.cliName(this);
  }
}
