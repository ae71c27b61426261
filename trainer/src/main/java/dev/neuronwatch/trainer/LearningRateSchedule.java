package dev.neuronwatch.trainer;

/**
 * How the learning rate changes over the steps of a run.
 *
 * <ul>
 *   <li>{@code constant}: {@link TrainingConfig#learningRate()} on every step.
 *   <li>{@code cosine-restarts}: cosine annealing with warm restarts (SGDR, Loshchilov and Hutter
 *       2017) in cycles of {@link TrainingConfig#lrPeriod()} steps: each cycle starts at the base
 *       rate, decays along half a cosine towards 0, and the next cycle restarts at the base rate.
 * </ul>
 *
 * <pre>{@code
 * double lr = LearningRateSchedule.COSINE_RESTARTS.rate(0.01, step, 500);
 * }</pre>
 */
public enum LearningRateSchedule {
  CONSTANT,
  COSINE_RESTARTS;

  /** Parses {@code "constant"} or {@code "cosine-restarts"}, case-insensitively. */
  public static LearningRateSchedule fromName(String name) {
    return EnumNames.parse(values(), LearningRateSchedule::cliName, name, "lr schedule");
  }

  /** The command-line name, e.g. {@code "cosine-restarts"}. */
  public String cliName() {
    return EnumNames.cliName(this);
  }

  /**
   * The rate of step {@code step} (from 1).
   *
   * @param base the configured learning rate, the peak of each cosine cycle
   * @param period steps per cosine cycle; ignored by {@code constant}
   */
  public double rate(double base, long step, int period) {
    if (this == CONSTANT) {
      return base;
    }
    long position = (step - 1) % period;
    return base * 0.5 * (1 + Math.cos(Math.PI * position / period));
  }
}
