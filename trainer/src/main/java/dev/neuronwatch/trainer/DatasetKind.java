package dev.neuronwatch.trainer;

import dev.neuronwatch.trainer.data.Blobs;
import dev.neuronwatch.trainer.data.Dataset;
import dev.neuronwatch.trainer.data.Moons;
import dev.neuronwatch.trainer.data.MultiLabel;
import dev.neuronwatch.trainer.data.Sine;
import dev.neuronwatch.trainer.data.Spirals;
import dev.neuronwatch.trainer.data.Xor;
import java.util.SplittableRandom;

/**
 * The synthetic datasets, generated from the run's seed. Each fixes its dimensions and its natural
 * loss:
 *
 * <ul>
 *   <li>{@code spirals}: 3 spiral arms, 2 -> 3, softmax cross-entropy
 *   <li>{@code moons}: two half circles, 2 -> 1, sigmoid binary cross-entropy
 *   <li>{@code blobs}: 4 Gaussian blobs, 2 -> 4, softmax cross-entropy
 *   <li>{@code xor}: quadrant XOR, 2 -> 1, sigmoid binary cross-entropy
 *   <li>{@code sine}: sin(pi x) regression, 1 -> 1, mean squared error
 *   <li>{@code multi-label}: 3 half-plane memberships, 2 -> 3, sigmoid binary cross-entropy
 * </ul>
 *
 * <pre>{@code
 * Dataset data = DatasetKind.fromName("moons").generate(1000, new SplittableRandom(42));
 * }</pre>
 */
public enum DatasetKind {
  SPIRALS,
  MOONS,
  BLOBS,
  XOR,
  SINE,
  MULTILABEL;

  /** Parses {@code "spirals"}, {@code "multi-label"} (or {@code "multilabel"}) and so on. */
  public static DatasetKind fromName(String name) {
    if (name != null && name.trim().equalsIgnoreCase("multilabel")) {
      return MULTILABEL;
    }
    return EnumNames.parse(values(), DatasetKind::cliName, name, "dataset");
  }

  /** The command-line name, e.g. {@code "multi-label"}. */
  public String cliName() {
    return this == MULTILABEL ? "multi-label" : EnumNames.cliName(this);
  }

  /** Generates {@code samples} examples. */
  public Dataset generate(int samples, SplittableRandom random) {
    switch (this) {
      case SPIRALS:
        return Spirals.generate(samples, random);
      case MOONS:
        return Moons.generate(samples, random);
      case BLOBS:
        return Blobs.generate(samples, random);
      case XOR:
        return Xor.generate(samples, random);
      case SINE:
        return Sine.generate(samples, random);
      case MULTILABEL:
        return MultiLabel.generate(samples, random);
      default:
        throw new IllegalStateException("unhandled " + this);
    }
  }
}
