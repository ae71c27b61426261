package dev.neuronwatch.trainer;

import dev.neuronwatch.trainer.data.Dataset;
import dev.neuronwatch.trainer.data.Task;
import dev.neuronwatch.trainer.nn.Loss;
import dev.neuronwatch.trainer.nn.Network;

/**
 * Measures the network on a whole dataset, in inference mode (no dropout), in chunks of the
 * network's batch capacity through the given batch buffers, so it allocates nothing.
 *
 * <pre>{@code
 * Evaluation onTrain = new Evaluator(network, loss, x, y).evaluate(train);
 * }</pre>
 */
final class Evaluator {
  private final Network network;
  private final Loss loss;
  private final float[] inputs;
  private final float[] targets;

  Evaluator(Network network, Loss loss, float[] inputs, float[] targets) {
    this.network = network;
    this.loss = loss;
    this.inputs = inputs;
    this.targets = targets;
  }

  Evaluation evaluate(Dataset data) {
    int cols = data.outputDim();
    double lossSum = 0;
    long correct = 0;
    for (int from = 0; from < data.rows(); from += network.capacity()) {
      int rows = Math.min(network.capacity(), data.rows() - from);
      for (int i = 0; i < rows; i++) {
        data.copyRow(from + i, inputs, targets, i);
      }
      float[] predictions = network.forward(inputs, rows, null);
      lossSum += loss.compute(network.logits(), targets, rows, cols, null) * rows;
      correct += countCorrect(data.task(), predictions, rows, cols);
    }
    double meanLoss = lossSum / data.rows();
    switch (data.task()) {
      case MULTI_CLASS:
        return new Evaluation(meanLoss, (double) correct / data.rows());
      case BINARY:
        return new Evaluation(meanLoss, (double) correct / ((long) data.rows() * cols));
      default:
        return new Evaluation(meanLoss, null);
    }
  }

  private long countCorrect(Task task, float[] predictions, int rows, int cols) {
    long correct = 0;
    for (int r = 0; r < rows; r++) {
      int row = r * cols;
      if (task == Task.MULTI_CLASS) {
        correct += argMax(predictions, row, cols) == argMax(targets, row, cols) ? 1 : 0;
      } else if (task == Task.BINARY) {
        for (int j = 0; j < cols; j++) {
          correct += (predictions[row + j] >= 0.5f) == (targets[row + j] >= 0.5f) ? 1 : 0;
        }
      }
    }
    return correct;
  }

  private static int argMax(float[] values, int from, int count) {
    int best = 0;
    for (int j = 1; j < count; j++) {
      if (values[from + j] > values[from + best]) {
        best = j;
      }
    }
    return best;
  }
}
