package dev.neuronwatch.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.training.listener.TrainingListenerAdapter;
import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.NeuronwatchAgent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * One network with each DJL activation style, trained a few steps with the listener: every layer
 * reaches the real server with the right activation kind, and its statistics equal what NDArray
 * operations compute directly from the same batch and parameters.
 */
class LayerStatisticsTest {
  private static final int STEPS = 20;
  private static final int SAMPLE_EVERY = 5;
  private static final String RUN = "djl-kinds";

  /** A hidden layer of the test network, as DJL builds it and as the test recomputes it. */
  private record Hidden(String name, String kind, Block activation, UnaryOperator<NDArray> f) {}

  private static List<Hidden> hiddenLayers() {
    return List.of(
        new Hidden("01Linear", "relu", null, z -> z.maximum(0f)),
        new Hidden(
            "03Linear",
            "leaky_relu",
            Activation.leakyReluBlock(0.1f),
            z -> z.maximum(0f).add(z.minimum(0f).mul(0.1f))),
        new Hidden(
            "05Linear",
            "elu",
            Activation.eluBlock(1f),
            z -> NDArrays.where(z.gt(0f), z, z.exp().sub(1f))),
        new Hidden("07Linear", "sigmoid", Activation.sigmoidBlock(), LayerStatisticsTest::sigmoid),
        new Hidden("09Linear", "tanh", Activation.tanhBlock(), NDArray::tanh),
        new Hidden(
            "11Linear",
            "gelu",
            Activation.geluBlock(),
            z -> z.mul(0.5f).mul(z.div((float) Math.sqrt(2)).erf().add(1f))),
        new Hidden("13Linear", "swish", Activation.swishBlock(1f), z -> z.mul(sigmoid(z))),
        // softplus has no kind: reported before the activation, labelled linear
        new Hidden("15Linear", "linear", Activation.softPlusBlock(), z -> z));
  }

  private static NDArray sigmoid(NDArray z) {
    return z.neg().exp().add(1f).pow(-1f);
  }

  private static SequentialBlock network() {
    SequentialBlock net = new SequentialBlock();
    for (Hidden hidden : hiddenLayers()) {
      net.add(Linear.builder().setUnits(16).build());
      if (hidden.activation() == null) {
        net.add(Activation::relu); // the anonymous lambda of DJL's own examples
      } else {
        net.add(hidden.activation());
      }
    }
    net.add(
        new SequentialBlock()
            .add(Linear.builder().setUnits(16).build())
            .add(Activation.reluBlock()));
    return net.add(Linear.builder().setUnits(SpiralsTraining.CLASSES).build());
  }

  /** What the test computes itself at the last step, per layer name. */
  private record Expected(
      String kind,
      double mean,
      Double dead,
      Double saturated,
      double gradNorm,
      double updateRatio) {}

  /** Recomputes the forward pass with NDArray operations at the last sampled step. */
  private static final class DirectComputation extends TrainingListenerAdapter {
    private final Map<String, Expected> expected = new LinkedHashMap<>();
    private final Map<String, NDArray> previousWeights = new LinkedHashMap<>();
    private final NeuronwatchBlock block;
    private long step;

    DirectComputation(NeuronwatchBlock block) {
      this.block = block;
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
      step++;
      List<Block> linears = new ArrayList<>();
      for (LeafBlock leaf : LeafBlock.flatten(block.inner())) {
        if (leaf.block() instanceof Linear) {
          linears.add(leaf.block());
        }
      }
      if (step == STEPS - 1) {
        for (int i = 0; i < linears.size(); i++) {
          previousWeights.put("" + i, weight(linears.get(i)).getArray().duplicate());
        }
      }
      if (step != STEPS) {
        return;
      }
      try (NDManager scratch = trainer.getManager().newSubManager()) {
        NDArray h = batchData.getBatch().getData().singletonOrThrow();
        List<Hidden> hidden = hiddenLayers();
        for (int i = 0; i < linears.size(); i++) {
          Block linear = linears.get(i);
          NDArray w = weight(linear).getArray();
          NDArray b = linear.getParameters().get("bias").getArray();
          NDArray z = h.matMul(w.transpose()).add(b);
          scratch.attachAll(z);
          String name;
          String kind;
          NDArray reported;
          if (i < hidden.size()) {
            name = hidden.get(i).name();
            kind = hidden.get(i).kind();
            reported = hidden.get(i).f().apply(z);
            h =
                kind.equals("linear")
                    ? z.exp().add(1f).log()
                    : reported; // the next layer gets softplus(z)
          } else if (i == hidden.size()) {
            name = "17SequentialBlock_01Linear";
            kind = "relu";
            reported = z.maximum(0f);
            h = reported;
          } else {
            name = "18Linear";
            kind = "linear";
            reported = z;
          }
          scratch.attachAll(reported, h);
          expected.put(name, expectation(kind, reported, w, previousWeights.get("" + i)));
        }
      }
    }

    private static Parameter weight(Block linear) {
      return linear.getParameters().get("weight");
    }

    private static Expected expectation(String kind, NDArray a, NDArray w, NDArray before) {
      long units = a.getShape().get(1);
      Double dead = null;
      Double saturated = null;
      if (kind.equals("relu")) {
        // Dead: output exactly 0 (at most 0) for every example.
        dead =
            a.max(new int[] {0}).lte(0f).sum().toType(DataType.FLOAT64, false).getDouble() / units;
      } else if (kind.equals("leaky_relu") || kind.equals("elu") || kind.equals("prelu")) {
        // Never dead: the negative regime, output below 0 for every example.
        dead =
            a.max(new int[] {0}).lt(0f).sum().toType(DataType.FLOAT64, false).getDouble() / units;
      } else if (kind.equals("sigmoid")) {
        saturated = fraction(a.lt(0.01f).logicalOr(a.gt(0.99f)));
      } else if (kind.equals("tanh")) {
        saturated = fraction(a.abs().gt(0.99f));
      }
      double gradNorm = w.getGradient().norm().getFloat();
      double updateRatio = w.sub(before).norm().getFloat() / w.norm().getFloat();
      return new Expected(kind, a.mean().getFloat(), dead, saturated, gradNorm, updateRatio);
    }

    private static double fraction(NDArray mask) {
      return mask.toType(DataType.FLOAT64, false).mean().getDouble();
    }
  }

  @Test
  void everyLayerReachesTheServerWithItsKindAndDirectlyComputedStatistics() throws Exception {
    List<String> warnings = new ArrayList<>();
    Logger log = Logger.getLogger(NeuronwatchTrainingListener.class.getName());
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            warnings.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(handler);
    NeuronwatchBlock block = NeuronwatchBlock.wrap(network());
    DirectComputation direct = new DirectComputation(block);
    try (LiveServer server = new LiveServer()) {
      try (NeuronwatchAgent agent =
          NeuronwatchAgent.start(
              AgentConfig.builder()
                  .run(RUN)
                  .serverUri(server.uri())
                  .sampleEvery(SAMPLE_EVERY)
                  .flushInterval(Duration.ofMillis(100))
                  .requestTimeout(Duration.ofSeconds(20))
                  .closeTimeout(Duration.ofSeconds(30))
                  .build())) {
        SpiralsTraining.train(
            block,
            SpiralsTraining.healthyAdam(),
            STEPS,
            11,
            new NeuronwatchTrainingListener(agent),
            direct);
        agent.finish();
      }
      Exposition metrics = server.metrics();

      assertThat(direct.expected).hasSize(10);
      direct.expected.forEach(
          (layer, want) -> {
            String[] labels = {"run", RUN, "layer", layer, "activation", want.kind()};
            assertThat(metrics.find("neuronwatch_layer_activation_mean", labels))
                .as("layer %s labelled %s", layer, want.kind())
                .singleElement()
                .satisfies(s -> assertThat(s.value()).isCloseTo(want.mean(), within(1e-4)));
            assertThat(metrics.max("neuronwatch_layer_gradient_weight_norm", labels))
                .hasValueSatisfying(
                    v ->
                        assertThat(v)
                            .isCloseTo(want.gradNorm(), within(1e-4 * (1 + want.gradNorm()))));
            assertThat(metrics.max("neuronwatch_layer_update_ratio", labels))
                .hasValueSatisfying(
                    v ->
                        assertThat(v)
                            .isCloseTo(
                                want.updateRatio(), within(1e-4 * (1 + want.updateRatio()))));
            if (want.dead() != null) {
              String family =
                  want.kind().equals("relu")
                      ? "neuronwatch_layer_dead_units_ratio"
                      : "neuronwatch_layer_negative_units_ratio";
              assertThat(metrics.max(family, labels)).as(family).hasValue(want.dead());
            }
            if (want.saturated() != null) {
              assertThat(metrics.max("neuronwatch_layer_saturation_ratio", labels))
                  .hasValueSatisfying(v -> assertThat(v).isCloseTo(want.saturated(), within(1e-9)));
            }
          });
    } finally {
      log.removeHandler(handler);
    }
    assertThat(warnings)
        .filteredOn(w -> w.contains("15Linear"))
        .singleElement()
        .satisfies(w -> assertThat(w).contains("softPlus").contains("labelled linear"));
  }
}
