package dev.neuronwatch.server.metrics;

import dev.neuronwatch.model.ActivationKind;
import dev.neuronwatch.model.GradientSummary;
import dev.neuronwatch.model.LayerSample;
import dev.neuronwatch.model.TensorSummary;
import dev.neuronwatch.server.rules.LayerSignals;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The meters of one layer of one run: the {@link LayerGauge}s, last value wins, and the non-finite
 * value counters (tags run, layer, tensor=output|gradient|weights|update, kind=nan|inf for outputs
 * and gradients, nan_or_inf for weights and update, whose counts the agent does not split),
 * incremented by each sample's counts.
 */
final class LayerMetrics {
  static final String NON_FINITE = "neuronwatch.layer.nonfinite.values";

  private final MeterRegistry registry;
  private final String run;
  private final String layer;
  private final Map<LayerGauge, OptionalGauge> gauges = new EnumMap<>(LayerGauge.class);
  private final Counter outputNan;
  private final Counter outputInf;
  private final Counter gradientNan;
  private final Counter gradientInf;
  private final Counter weightsNonFinite;
  private final Counter updateNonFinite;
  private ActivationKind activation;

  LayerMetrics(MeterRegistry registry, String run, String layer) {
    this.registry = registry;
    this.run = run;
    this.layer = layer;
    outputNan = nonFinite("output", "nan");
    outputInf = nonFinite("output", "inf");
    gradientNan = nonFinite("gradient", "nan");
    gradientInf = nonFinite("gradient", "inf");
    weightsNonFinite = nonFinite("weights", "nan_or_inf");
    updateNonFinite = nonFinite("update", "nan_or_inf");
  }

  private Counter nonFinite(String tensor, String kind) {
    return Counter.builder(NON_FINITE)
        .description("NaN and infinite values seen in sampled outputs, gradients, weights, updates")
        .tags("run", run, "layer", layer, "tensor", tensor, "kind", kind)
        .register(registry);
  }

  /** Removes every series of the layer from the registry. */
  void remove() {
    gauges.values().forEach(OptionalGauge::remove);
    gauges.clear();
    activation = null;
    for (Counter counter :
        List.of(
            outputNan, outputInf, gradientNan, gradientInf, weightsNonFinite, updateNonFinite)) {
      registry.remove(counter);
    }
  }

  void update(LayerSignals signals) {
    LayerSample sample = signals.layer();
    if (sample.activation() != activation) {
      // The activation is a tag: a layer that changes it starts new gauge series.
      gauges.values().forEach(OptionalGauge::remove);
      gauges.clear();
      activation = sample.activation();
      Tags tags = Tags.of("run", run, "layer", layer, "activation", activation.wireName());
      for (LayerGauge gauge : LayerGauge.values()) {
        gauges.put(
            gauge, new OptionalGauge(registry, gauge.meterName(), gauge.description(), tags));
      }
    }
    gauges.forEach((gauge, series) -> series.set(gauge.read(signals)));
    TensorSummary output = sample.output();
    outputNan.increment(output.nanCount());
    outputInf.increment(output.infCount());
    GradientSummary gradient = sample.gradient();
    if (gradient != null) {
      gradientNan.increment(gradient.nanCount());
      gradientInf.increment(gradient.infCount());
    }
    if (sample.weightNonFinite() != null) {
      weightsNonFinite.increment(sample.weightNonFinite());
    }
    if (sample.updateNonFinite() != null) {
      updateNonFinite.increment(sample.updateNonFinite());
    }
  }
}
