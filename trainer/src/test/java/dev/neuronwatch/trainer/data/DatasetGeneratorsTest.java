package dev.neuronwatch.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DatasetGeneratorsTest {

  static Stream<Arguments> generators() {
    return Stream.of(
        Arguments.of("spirals", gen(Spirals::generate), 2, 3, Task.MULTI_CLASS),
        Arguments.of("moons", gen(Moons::generate), 2, 1, Task.BINARY),
        Arguments.of("blobs", gen(Blobs::generate), 2, 4, Task.MULTI_CLASS),
        Arguments.of("xor", gen(Xor::generate), 2, 1, Task.BINARY),
        Arguments.of("sine", gen(Sine::generate), 1, 1, Task.REGRESSION),
        Arguments.of("multi-label", gen(MultiLabel::generate), 2, 3, Task.BINARY));
  }

  private static BiFunction<Integer, SplittableRandom, Dataset> gen(
      BiFunction<Integer, SplittableRandom, Dataset> generator) {
    return generator;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generators")
  void hasTheDeclaredShapeAndTask(
      String name,
      BiFunction<Integer, SplittableRandom, Dataset> generator,
      int inputDim,
      int outputDim,
      Task task) {
    Dataset data = generator.apply(301, new SplittableRandom(1));
    assertThat(data.name()).isEqualTo(name);
    assertThat(data.rows()).isEqualTo(301);
    assertThat(data.inputDim()).isEqualTo(inputDim);
    assertThat(data.outputDim()).isEqualTo(outputDim);
    assertThat(data.task()).isEqualTo(task);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generators")
  void isDeterminedByTheRandomSource(
      String name, BiFunction<Integer, SplittableRandom, Dataset> generator) {
    Dataset a = generator.apply(200, new SplittableRandom(7));
    Dataset b = generator.apply(200, new SplittableRandom(7));
    Dataset c = generator.apply(200, new SplittableRandom(8));
    boolean differs = false;
    for (int r = 0; r < a.rows(); r++) {
      for (int j = 0; j < a.inputDim(); j++) {
        assertThat(Float.floatToRawIntBits(a.input(r, j)))
            .isEqualTo(Float.floatToRawIntBits(b.input(r, j)));
        differs |= a.input(r, j) != c.input(r, j);
      }
      for (int j = 0; j < a.outputDim(); j++) {
        assertThat(a.target(r, j)).isEqualTo(b.target(r, j));
      }
    }
    assertThat(differs).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generators")
  void hasValidTargetsAndBoundedInputs(
      String name,
      BiFunction<Integer, SplittableRandom, Dataset> generator,
      int inputDim,
      int outputDim,
      Task task) {
    Dataset data = generator.apply(1000, new SplittableRandom(3));
    int[] positives = new int[outputDim];
    for (int r = 0; r < data.rows(); r++) {
      for (int j = 0; j < inputDim; j++) {
        assertThat(data.input(r, j)).isBetween(-4f, 4f);
      }
      float sum = 0;
      for (int j = 0; j < outputDim; j++) {
        float t = data.target(r, j);
        assertThat(t).isFinite();
        if (task != Task.REGRESSION) {
          assertThat(t).isIn(0f, 1f);
          positives[j] += t == 1f ? 1 : 0;
        } else {
          assertThat(t).isBetween(-1.5f, 1.5f);
        }
        sum += t;
      }
      if (task == Task.MULTI_CLASS) {
        assertThat(sum).as("one-hot row %d", r).isEqualTo(1f);
        assertThat(data.label(r)).isBetween(0, outputDim - 1);
      }
    }
    // Every class or label occurs often: none is empty or universal.
    for (int j = 0; j < outputDim && task != Task.REGRESSION; j++) {
      assertThat(positives[j]).as("positives of output %d", j).isBetween(150, 850);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generators")
  void splitsIntoDisjointShuffledParts(
      String name, BiFunction<Integer, SplittableRandom, Dataset> generator) {
    Dataset data = generator.apply(500, new SplittableRandom(4));
    Split split = data.split(0.2, new SplittableRandom(5));
    assertThat(split.train().rows()).isEqualTo(400);
    assertThat(split.validation().rows()).isEqualTo(100);
    assertThat(split.train().task()).isEqualTo(data.task());
    double sum = 0;
    double splitSum = 0;
    for (int r = 0; r < data.rows(); r++) {
      sum += data.input(r, 0);
    }
    for (Dataset part : new Dataset[] {split.train(), split.validation()}) {
      for (int r = 0; r < part.rows(); r++) {
        splitSum += part.input(r, 0);
      }
    }
    assertThat(splitSum).isCloseTo(sum, within(1e-3));
    assertThat(data.split(0, new SplittableRandom(5)).validation().isEmpty()).isTrue();
  }
}
