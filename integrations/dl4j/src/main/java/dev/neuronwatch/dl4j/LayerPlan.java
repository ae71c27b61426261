package dev.neuronwatch.dl4j;

import dev.neuronwatch.protocol.ActivationKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The layers of one network that the listener reports, in order from the input (depth 0) to the
 * output, built once per network from its configuration.
 *
 * <pre>{@code
 * LayerPlan plan = LayerPlan.of(network, message -> log.warn(message));
 * }</pre>
 */
final class LayerPlan {
  final Model model;
  final List<PlannedLayer> layers;

  private LayerPlan(Model model, List<PlannedLayer> layers) {
    this.model = model;
    this.layers = Collections.unmodifiableList(layers);
  }

  /**
   * The plan of a {@code MultiLayerNetwork} or {@code ComputationGraph}; {@code notes} hears once
   * of every layer that is not monitored or whose activation has no kind.
   *
   * @throws IllegalArgumentException for any other kind of model
   */
  static LayerPlan of(Model model, Consumer<String> notes) {
    Builder builder = new Builder(notes);
    if (model instanceof MultiLayerNetwork) {
      builder.addAll((MultiLayerNetwork) model);
    } else if (model instanceof ComputationGraph) {
      builder.addAll((ComputationGraph) model);
    } else {
      throw new IllegalArgumentException(
          "only MultiLayerNetwork and ComputationGraph are supported, not "
              + model.getClass().getName());
    }
    return new LayerPlan(model, builder.build());
  }

  /** Collects layers, merging an activation-only layer into the identity layer before it. */
  private static final class Builder {
    private final Consumer<String> notes;
    private final List<Draft> drafts = new ArrayList<>();

    Builder(Consumer<String> notes) {
      this.notes = notes;
    }

    void addAll(MultiLayerNetwork network) {
      Layer[] layers = network.getLayers();
      Draft previous = null;
      for (int i = 0; i < layers.length; i++) {
        boolean output = i == layers.length - 1;
        String name = LayerKinds.label(LayerKinds.conf(layers[i]).getLayerName(), "layer" + i);
        Draft draft =
            add(
                layers[i],
                name,
                String.valueOf(i),
                output ? null : String.valueOf(i + 1),
                String.valueOf(i),
                network.getLayerWiseConfigurations().getInputPreProcess(i),
                previous,
                output);
        previous = draft;
      }
    }

    void addAll(ComputationGraph graph) {
      ComputationGraphConfiguration conf = graph.getConfiguration();
      Map<String, List<String>> inputs = conf.getVertexInputs();
      Map<String, Draft> byVertex = new java.util.HashMap<>();
      GraphVertex[] vertices = graph.getVertices();
      for (int index : graph.topologicalSortOrder()) {
        GraphVertex vertex = vertices[index];
        if (!vertex.hasLayer()) {
          continue;
        }
        String vertexName = vertex.getVertexName();
        List<String> in = inputs.getOrDefault(vertexName, List.of());
        boolean output = conf.getNetworkOutputs().contains(vertexName);
        Draft previous = null;
        if (in.size() == 1 && consumers(inputs, in.get(0)) == 1) {
          previous = byVertex.get(in.get(0));
        }
        InputPreProcessor pre =
            vertex instanceof LayerVertex ? ((LayerVertex) vertex).getLayerPreProcessor() : null;
        Draft draft =
            add(
                vertex.getLayer(),
                LayerKinds.label(vertexName, "vertex" + index),
                vertexName,
                output ? null : vertexName,
                in.size() == 1 ? in.get(0) : null,
                pre,
                previous,
                output);
        if (draft != null) {
          byVertex.put(vertexName, draft);
        }
      }
    }

    private static long consumers(Map<String, List<String>> inputs, String vertex) {
      return inputs.values().stream().filter(list -> list.contains(vertex)).count();
    }

    /** Adds the layer, or merges it into {@code previous}; returns its draft or null. */
    private Draft add(
        Layer layer,
        String name,
        String gradientPrefix,
        String outputKey,
        String inputKey,
        InputPreProcessor pre,
        Draft previous,
        boolean output) {
      String type = LayerKinds.conf(layer).getClass().getSimpleName();
      Optional<ActivationKind> kind =
          LayerKinds.kind(
              layer,
              () ->
                  notes.accept(
                      "layer "
                          + name
                          + " ("
                          + type
                          + "): its activation function has no kind, reported as linear"
                          + " (no dead-unit or saturation check)"));
      if (kind.isEmpty()) {
        notes.accept("layer " + name + " (" + type + ") is not monitored: it has no activation");
        return null;
      }
      if (output && (!OutputActivations.supports(layer) || inputKey == null)) {
        notes.accept(
            "output layer "
                + name
                + " ("
                + type
                + ") is not monitored: its activations cannot be computed from its input");
        return null;
      }
      boolean mergeable =
          !output
              && LayerKinds.isActivationOnly(layer)
              && previous != null
              && previous.kind == ActivationKind.LINEAR
              && previous.outputKey != null
              && previous.paramLayer != null;
      if (mergeable) {
        previous.kind = kind.get();
        previous.outputKey = outputKey;
        return previous;
      }
      boolean hasParams = layer.numParams() > 0 && !LayerKinds.isActivationOnly(layer);
      Draft draft = new Draft();
      draft.name = name;
      draft.kind = kind.get();
      draft.paramLayer = hasParams ? layer : null;
      draft.gradientPrefix = gradientPrefix;
      draft.outputKey = outputKey;
      draft.inputKey = output ? inputKey : null;
      draft.preProcessor = output ? pre : null;
      draft.channelsLast =
          previous != null && LayerKinds.isActivationOnly(layer)
              ? previous.channelsLast
              : LayerKinds.channelsLast(layer);
      drafts.add(draft);
      return draft;
    }

    List<PlannedLayer> build() {
      List<PlannedLayer> layers = new ArrayList<>();
      for (Draft d : drafts) {
        layers.add(
            new PlannedLayer(
                d.name,
                layers.size(),
                d.kind,
                d.paramLayer,
                d.gradientPrefix,
                d.outputKey,
                d.inputKey,
                d.preProcessor,
                d.channelsLast));
      }
      return layers;
    }
  }

  /** A planned layer while the plan is still being put together. */
  private static final class Draft {
    String name;
    ActivationKind kind;
    Layer paramLayer;
    String gradientPrefix;
    String outputKey;
    String inputKey;
    InputPreProcessor preProcessor;
    boolean channelsLast;
  }
}
