package dev.neuronwatch.djl;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.protocol.PushResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Wall time per DJL training step (forward, backward, optimiser step) without Neuronwatch, and with
 * the listener and the wrapping block at sample-every 1 and 10. All setups train side by side, each
 * with its own model, and take turns in blocks of 10 steps (one sampled step per block at
 * sample-every 10; the order of the turns rotates from block to block), so that a busy moment of a
 * shared machine hits every setup alike. The figure is the median over blocks of the mean step time
 * in the block. The agent pushes to a sink that discards; the server is not part of the training
 * process.
 *
 * <p>Not part of {@code verify}; run with {@code -Dneuronwatch.benchmark=true} (see the README).
 */
@EnabledIfSystemProperty(named = "neuronwatch.benchmark", matches = "true")
class TrainingOverheadBenchmark {
  private static final int BLOCK_STEPS = 10;

  private record Network(
      String name, int inputs, int hidden, int layers, int outputs, int batch, int blocks) {

    long parameters() {
      long total = (long) inputs * hidden + hidden;
      total += (long) (layers - 1) * ((long) hidden * hidden + hidden);
      return total + (long) hidden * outputs + outputs;
    }

    SequentialBlock block() {
      SequentialBlock net = new SequentialBlock();
      for (int i = 0; i < layers; i++) {
        net.add(Linear.builder().setUnits(hidden).build()).add(Activation::relu);
      }
      return net.add(Linear.builder().setUnits(outputs).build());
    }
  }

  private static final List<Network> NETWORKS =
      List.of(
          new Network("spirals MLP 2-64-64-64-3, batch 64", 2, 64, 3, 3, 64, 200),
          new Network("MLP 784-1024-1024-1024-10, batch 128", 784, 1024, 3, 10, 128, 40));

  /** How the training runs: {@code sampleEvery} null means without Neuronwatch. */
  private record Setup(String label, Integer sampleEvery, boolean updates) {}

  private static final List<Setup> SETUPS =
      List.of(
          new Setup("without", null, false),
          new Setup("sample-every 1", 1, true),
          new Setup("sample-every 10", 10, true),
          new Setup("sample-every 10, withoutUpdates", 10, false));

  @Test
  void overheadPerStep() throws Exception {
    StringBuilder table = new StringBuilder("| network | parameters |");
    SETUPS.forEach(setup -> table.append(' ').append(setup.label()).append(" |"));
    table.append(String.format(Locale.ROOT, "%n|---|---|"));
    SETUPS.forEach(setup -> table.append("---|"));
    table.append(String.format(Locale.ROOT, "%n"));
    for (Network network : NETWORKS) {
      double[][] perBlock = new double[SETUPS.size()][network.blocks()];
      List<Training> trainings = new ArrayList<>();
      try {
        for (Setup setup : SETUPS) {
          trainings.add(new Training(network, setup));
        }
        for (Training training : trainings) {
          training.stepMillis(2 * BLOCK_STEPS); // warm-up, not counted
        }
        for (int b = 0; b < network.blocks(); b++) {
          // rotate who goes first, so no setup always follows the one that leaves the most garbage
          for (int turn = 0; turn < trainings.size(); turn++) {
            int s = (b + turn) % trainings.size();
            perBlock[s][b] = trainings.get(s).stepMillis(BLOCK_STEPS);
          }
        }
      } finally {
        trainings.forEach(Training::close);
      }
      double base = median(perBlock[0]);
      table.append(
          String.format(
              Locale.ROOT, "| %s | %,d | %.3f ms |", network.name(), network.parameters(), base));
      for (int s = 1; s < SETUPS.size(); s++) {
        double median = median(perBlock[s]);
        table.append(
            String.format(Locale.ROOT, " %.3f ms (%+.1f%%) |", median, 100 * (median / base - 1)));
      }
      table.append(String.format(Locale.ROOT, "%n"));
    }
    System.out.print(table);
    Path out = Path.of("target", "djl-overhead.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, table);
  }

  /** One setup's model, trainer and agent, trained a few steps at a time. */
  private static final class Training implements AutoCloseable {
    private final Model model = Model.newInstance("overhead");
    private final NeuronwatchAgent agent;
    private final Trainer trainer;
    private final ArrayDataset data;
    private Iterator<Batch> batches;

    Training(Network network, Setup setup) throws IOException {
      Engine.getInstance().setRandomSeed(5);
      agent = setup.sampleEvery() == null ? null : discardingAgent(setup.sampleEvery());
      SequentialBlock block = network.block();
      model.setBlock(agent == null ? block : NeuronwatchBlock.wrap(block));
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
              .optOptimizer(
                  Optimizer.sgd()
                      .setLearningRateTracker(Tracker.fixed(0.01f))
                      .optMomentum(0.9f)
                      .build());
      if (agent != null) {
        config.addTrainingListeners(
            new TrainingListener[] {
              setup.updates()
                  ? new NeuronwatchTrainingListener(agent)
                  : NeuronwatchTrainingListener.withoutUpdates(agent)
            });
      }
      trainer = model.newTrainer(config);
      trainer.initialize(new Shape(network.batch(), network.inputs()));
      data = randomData(trainer.getManager(), network);
    }

    /** Mean wall time of each of the next {@code steps} training steps, in milliseconds. */
    double stepMillis(int steps) throws Exception {
      long start = System.nanoTime();
      for (int done = 0; done < steps; done++) {
        if (batches == null || !batches.hasNext()) {
          batches = trainer.iterateDataset(data).iterator();
        }
        Batch batch = batches.next();
        EasyTrain.trainBatch(trainer, batch);
        trainer.step();
        batch.close();
      }
      return (System.nanoTime() - start) / 1e6 / steps;
    }

    @Override
    public void close() {
      trainer.close();
      model.close();
      if (agent != null) {
        agent.close();
      }
    }
  }

  private static ArrayDataset randomData(NDManager manager, Network network) {
    int rows = network.batch() * 8;
    return new ArrayDataset.Builder()
        .setData(manager.randomNormal(new Shape(rows, network.inputs())))
        .optLabels(manager.randomInteger(0, network.outputs(), new Shape(rows), DataType.FLOAT32))
        .setSampling(network.batch(), true)
        .build();
  }

  private static NeuronwatchAgent discardingAgent(int sampleEvery) {
    return NeuronwatchAgent.start(
        AgentConfig.builder()
            .run("overhead")
            .sampleEvery(sampleEvery)
            .queueCapacity(4096)
            .sink(request -> new PushResponse(request.samples().size(), List.of()))
            .build());
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
