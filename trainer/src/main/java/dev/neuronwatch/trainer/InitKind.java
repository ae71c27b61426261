package dev.neuronwatch.trainer;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How a weight matrix is initialised (biases get a constant, {@link TrainingConfig#biasInit()}).
 *
 * <ul>
 *   <li>{@code he-normal}: N(0, 2 / fanIn), He et al. 2015, for the ReLU family
 *   <li>{@code he-uniform}: U(-sqrt(6 / fanIn), +sqrt(6 / fanIn))
 *   <li>{@code xavier-normal}: N(0, 2 / (fanIn + fanOut)), Glorot and Bengio 2010
 *   <li>{@code xavier-uniform}: U(-sqrt(6 / (fanIn + fanOut)), +...)
 *   <li>{@code standard-uniform}: U(-1 / sqrt(fanIn), +1 / sqrt(fanIn)), the "standard
 *       initialization" Glorot and Bengio 2010 start from (eq. 1) and PyTorch's {@code nn.Linear}
 *       default
 *   <li>{@code zero}: all zeros (every unit of a layer stays identical: a classic mistake)
 *   <li>{@code normal}: N(0, std^2) with {@link TrainingConfig#initStd()}
 * </ul>
 *
 * <pre>{@code
 * InitKind init = InitKind.fromName("xavier-uniform");
 * init.fill(weights, 64, 64, 0.01, random);
 * }</pre>
 */
public enum InitKind {
  HE_NORMAL,
  HE_UNIFORM,
  XAVIER_NORMAL,
  XAVIER_UNIFORM,
  STANDARD_UNIFORM,
  ZERO,
  NORMAL;

  /** Parses {@code "he-normal"}, {@code "HE_NORMAL"} and the like. */
  public static InitKind fromName(String name) {
    return EnumNames.parse(values(), InitKind::cliName, name, "init");
  }

  /** The command-line name, e.g. {@code "he-normal"}. */
  public String cliName() {
    return EnumNames.cliName(this);
  }

  /**
   * Fills a {@code fanIn x fanOut} weight matrix.
   *
   * @param std the standard deviation of {@link #NORMAL}; ignored by the others
   */
  public void fill(float[] weights, int fanIn, int fanOut, double std, SplittableRandom random) {
    switch (this) {
      case HE_NORMAL:
        normal(weights, Math.sqrt(2.0 / fanIn), random);
        break;
      case HE_UNIFORM:
        uniform(weights, Math.sqrt(6.0 / fanIn), random);
        break;
      case XAVIER_NORMAL:
        normal(weights, Math.sqrt(2.0 / (fanIn + fanOut)), random);
        break;
      case XAVIER_UNIFORM:
        uniform(weights, Math.sqrt(6.0 / (fanIn + fanOut)), random);
        break;
      case STANDARD_UNIFORM:
        uniform(weights, 1 / Math.sqrt(fanIn), random);
        break;
      case ZERO:
        Arrays.fill(weights, 0f);
        break;
      case NORMAL:
        normal(weights, std, random);
        break;
      default:
        throw new IllegalStateException("unhandled " + this);
    }
  }

  private static void normal(float[] weights, double std, SplittableRandom random) {
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) (std * random.nextGaussian());
    }
  }

  private static void uniform(float[] weights, double limit, SplittableRandom random) {
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) (limit * (2 * random.nextDouble() - 1));
    }
  }
}
