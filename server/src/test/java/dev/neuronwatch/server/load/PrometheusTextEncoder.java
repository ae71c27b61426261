package dev.neuronwatch.server.load;

import dev.neuronwatch.protocol.GradientSummary;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.protocol.TensorSummary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes one sample of one run as the Prometheus text exposition of the per-layer series
 * Neuronwatch itself exports for it: the gauges with labels run, layer, activation (last value
 * wins; a gauge without a value for the layer is left out, as the server removes it) and the six
 * non-finite value counters (labels run, layer, tensor, kind), cumulative over the run. The series
 * are the server's; two ratios are computed more simply (growth over the first norm rather than the
 * median of recent ones), which changes values, not the series or the work. Stateful for the growth
 * ratio and the counters, so one encoder per run. Not thread-safe.
 *
 * <pre>{@code
 * PrometheusTextEncoder encoder = new PrometheusTextEncoder("load-0");
 * String body = encoder.encode(push.samples().get(0));
 * }</pre>
 */
final class PrometheusTextEncoder {
  private final String run;
  private final Map<String, Double> firstNorms = new HashMap<>();
  private final Map<String, Double> largestNorms = new HashMap<>();
  private final Map<String, long[]> nonFinite = new HashMap<>();

  PrometheusTextEncoder(String run) {
    this.run = run;
  }

  String encode(StepSample sample) {
    List<LayerSample> layers = sample.layers();
    LayerSample deepest = layers.get(0);
    for (LayerSample layer : layers) {
      if (layer.depth() > deepest.depth()) {
        deepest = layer;
      }
    }
    Double deepestNorm = usableNorm(deepest);
    StringBuilder gauges = new StringBuilder(8192);
    StringBuilder counters = new StringBuilder(4096);
    for (LayerSample layer : layers) {
      String labels =
          "{run=\""
              + run
              + "\",layer=\""
              + layer.name()
              + "\",activation=\""
              + layer.activation().wireName()
              + "\"}";
      TensorSummary out = layer.output().count() == 0 ? null : layer.output();
      GradientSummary grad = layer.gradient();
      Double norm = usableNorm(layer);
      Double depthRatio =
          norm == null || deepestNorm == null || deepestNorm == 0 ? null : norm / deepestNorm;
      Double first = norm == null ? null : firstNorms.computeIfAbsent(layer.name(), k -> norm);
      Double growthRatio = norm == null || first == null || first == 0 ? null : norm / first;
      Double largest = norm == null ? null : largestNorms.merge(layer.name(), norm, Math::max);
      Double decayRatio = norm == null || largest == 0 ? null : norm / largest;
      gauge(gauges, "activation_mean", labels, out == null ? null : out.mean());
      gauge(gauges, "activation_stddev", labels, out == null ? null : out.stddev());
      gauge(gauges, "activation_min", labels, out == null ? null : out.min());
      gauge(gauges, "activation_max", labels, out == null ? null : out.max());
      gauge(gauges, "zero_ratio", labels, out == null ? null : out.zeroFraction());
      gauge(gauges, "dead_units_ratio", labels, layer.deadFraction());
      gauge(gauges, "saturation_ratio", labels, layer.saturationFraction());
      gauge(gauges, "depth", labels, (double) layer.depth());
      gauge(gauges, "gradient_weight_norm", labels, grad == null ? null : grad.weightNorm());
      gauge(gauges, "gradient_bias_norm", labels, grad == null ? null : grad.biasNorm());
      gauge(gauges, "gradient_output_norm", labels, grad == null ? null : grad.outputNorm());
      gauge(gauges, "gradient_weight_mean_abs", labels, grad == null ? null : grad.weightMeanAbs());
      gauge(gauges, "gradient_depth_ratio", labels, depthRatio);
      gauge(gauges, "gradient_growth_ratio", labels, growthRatio);
      gauge(gauges, "gradient_decay_ratio", labels, decayRatio);
      gauge(gauges, "weight_norm", labels, layer.weightNorm());
      gauge(gauges, "update_ratio", labels, layer.updateRatio());
      long[] totals = nonFinite.computeIfAbsent(layer.name(), k -> new long[6]);
      totals[0] += layer.output().nanCount();
      totals[1] += layer.output().infCount();
      totals[2] += grad == null ? 0 : grad.nanCount();
      totals[3] += grad == null ? 0 : grad.infCount();
      totals[4] += layer.weightNonFinite() == null ? 0 : layer.weightNonFinite();
      totals[5] += layer.updateNonFinite() == null ? 0 : layer.updateNonFinite();
      String base =
          "neuronwatch_layer_nonfinite_values_total{run=\""
              + run
              + "\",layer=\""
              + layer.name()
              + "\",";
      counters
          .append(base)
          .append("tensor=\"output\",kind=\"nan\"} ")
          .append(totals[0])
          .append('\n');
      counters
          .append(base)
          .append("tensor=\"output\",kind=\"inf\"} ")
          .append(totals[1])
          .append('\n');
      counters
          .append(base)
          .append("tensor=\"gradient\",kind=\"nan\"} ")
          .append(totals[2])
          .append('\n');
      counters
          .append(base)
          .append("tensor=\"gradient\",kind=\"inf\"} ")
          .append(totals[3])
          .append('\n');
      counters
          .append(base)
          .append("tensor=\"weights\",kind=\"nan_or_inf\"} ")
          .append(totals[4])
          .append('\n');
      counters
          .append(base)
          .append("tensor=\"update\",kind=\"nan_or_inf\"} ")
          .append(totals[5])
          .append('\n');
    }
    return sortByFamily(gauges)
        + "# TYPE neuronwatch_layer_nonfinite_values_total counter\n"
        + counters;
  }

  /** The text format wants each family's lines together under one TYPE line. */
  private static String sortByFamily(StringBuilder lines) {
    Map<String, StringBuilder> families = new java.util.LinkedHashMap<>();
    for (String line : lines.toString().split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String family = line.substring(0, line.indexOf('{'));
      families
          .computeIfAbsent(family, f -> new StringBuilder("# TYPE " + f + " gauge\n"))
          .append(line)
          .append('\n');
    }
    StringBuilder text = new StringBuilder(lines.length() + 2048);
    families.values().forEach(text::append);
    return text.toString();
  }

  private static void gauge(StringBuilder text, String name, String labels, Double value) {
    if (value != null) {
      text.append("neuronwatch_layer_")
          .append(name)
          .append(labels)
          .append(' ')
          .append(value)
          .append('\n');
    }
  }

  private static Double usableNorm(LayerSample layer) {
    GradientSummary gradient = layer.gradient();
    return gradient == null || gradient.nonFiniteCount() != 0 ? null : gradient.weightNorm();
  }
}
