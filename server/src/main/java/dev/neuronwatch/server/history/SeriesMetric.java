package dev.neuronwatch.server.history;

import dev.neuronwatch.protocol.GradientSummary;
import dev.neuronwatch.protocol.LayerSample;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The statistics the history keeps over steps, named as the {@code neuronwatch_layer_*} and {@code
 * neuronwatch_run_*} metrics they shadow (without the prefix). {@link #LOSS} is per run, the rest
 * per layer.
 *
 * <pre>{@code
 * SeriesMetric metric = SeriesMetric.parse("dead_units_ratio").orElseThrow();
 * Double value = metric.of(layerSample);
 * }</pre>
 */
public enum SeriesMetric {
  LOSS(null),
  DEAD_UNITS_RATIO(LayerSample::deadFraction),
  SATURATION_RATIO(LayerSample::saturationFraction),
  ZERO_RATIO(layer -> layer.output().zeroFraction()),
  ACTIVATION_MEAN(layer -> layer.output().mean()),
  ACTIVATION_STDDEV(layer -> layer.output().stddev()),
  GRADIENT_WEIGHT_NORM(layer -> gradient(layer, GradientSummary::weightNorm)),
  GRADIENT_OUTPUT_NORM(layer -> gradient(layer, GradientSummary::outputNorm)),
  WEIGHT_NORM(LayerSample::weightNorm),
  UPDATE_RATIO(LayerSample::updateRatio);

  private final Function<LayerSample, Double> reader;

  SeriesMetric(Function<LayerSample, Double> reader) {
    this.reader = reader;
  }

  /** The name used in the API, e.g. {@code dead_units_ratio}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True for the loss, which belongs to the run rather than to a layer. */
  public boolean perRun() {
    return reader == null;
  }

  /** The layer's value of this statistic, or null when the sample does not carry it. */
  Double of(LayerSample layer) {
    return reader.apply(layer);
  }

  /** The metric of that API name, if there is one. */
  public static Optional<SeriesMetric> parse(String wireName) {
    return Arrays.stream(values()).filter(m -> m.wireName().equals(wireName)).findFirst();
  }

  /** Every API name, comma-separated, for error messages and documentation. */
  public static String names() {
    return Arrays.stream(values()).map(SeriesMetric::wireName).collect(Collectors.joining(", "));
  }

  private static Double gradient(LayerSample layer, Function<GradientSummary, Double> part) {
    return layer.gradient() == null ? null : part.apply(layer.gradient());
  }
}
