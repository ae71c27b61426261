package dev.neuronwatch.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchSamplerTest {

  private static Dataset numbered(int rows) {
    float[] x = new float[rows];
    float[] y = new float[rows];
    for (int i = 0; i < rows; i++) {
      x[i] = i;
      y[i] = -i;
    }
    return new Dataset("numbered", Task.REGRESSION, 1, 1, x, y);
  }

  @Test
  void eachEpochVisitsEveryFullBatchRowOnceInANewOrder() {
    Dataset data = numbered(10);
    BatchSampler sampler = new BatchSampler(data, 3, new SplittableRandom(1));
    float[] x = new float[3];
    float[] y = new float[3];
    Set<Float> epoch = new HashSet<>();
    StringBuilder firstOrder = new StringBuilder();
    for (int b = 0; b < 3; b++) {
      sampler.next(x, y);
      for (int i = 0; i < 3; i++) {
        assertThat(epoch.add(x[i])).isTrue();
        assertThat(y[i]).isEqualTo(-x[i]);
        firstOrder.append(x[i]).append(',');
      }
    }
    assertThat(epoch).hasSize(9);
    StringBuilder secondOrder = new StringBuilder();
    Set<Float> next = new HashSet<>();
    for (int b = 0; b < 3; b++) {
      sampler.next(x, y);
      for (int i = 0; i < 3; i++) {
        assertThat(next.add(x[i])).isTrue();
        secondOrder.append(x[i]).append(',');
      }
    }
    assertThat(secondOrder.toString()).isNotEqualTo(firstOrder.toString());
  }

  @Test
  void rejectsBatchesLargerThanTheData() {
    assertThatThrownBy(() -> new BatchSampler(numbered(5), 6, new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batchSize must be in [1, 5], was 6");
  }

  @Test
  void datasetRejectsMismatchedArrays() {
    assertThatThrownBy(() -> new Dataset("bad", Task.BINARY, 2, 1, new float[4], new float[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same number of rows");
  }
}
