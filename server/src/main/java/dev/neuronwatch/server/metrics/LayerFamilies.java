package dev.neuronwatch.server.metrics;

import dev.neuronwatch.protocol.ActivationKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes the per-layer families ({@code neuronwatch_layer_*}) straight from the {@link
 * LayerSeries}, without a meter or snapshot object per series: the {@link LayerGauge}s (labels
 * activation, layer, run) and {@code neuronwatch_layer_nonfinite_values} (labels kind, layer, run,
 * tensor), in name order as client_java orders families, each family's lines together, a family
 * without series left out. Names, HELP text, label order and value spelling are client_java's.
 *
 * <pre>{@code
 * LayerFamilies.write(sink, ExpositionFormat.OPEN_METRICS, training::forEachLayer);
 * }</pre>
 */
final class LayerFamilies {
  /** The name every per-layer family starts with. */
  static final String PREFIX = "neuronwatch_layer_";

  private static final Map<ActivationKind, byte[]> ACTIVATION_LABELS = activationLabels();
  private static final List<Family> FAMILIES = families();

  private LayerFamilies() {}

  /** Every layer, any order, each once per call; called once per family. */
  interface Layers {
    void forEach(Consumer<LayerSeries> layer);
  }

  static void write(TextSink sink, ExpositionFormat format, Layers layers) throws IOException {
    try {
      for (Family family : FAMILIES) {
        family.write(sink, format, layers);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static List<Family> families() {
    List<Family> all = new ArrayList<>();
    for (LayerGauge gauge : LayerGauge.values()) {
      all.add(new GaugeFamily(gauge));
    }
    all.add(new NonFiniteFamily());
    all.sort(Comparator.comparing(Family::name));
    return List.copyOf(all);
  }

  private static Map<ActivationKind, byte[]> activationLabels() {
    Map<ActivationKind, byte[]> labels = new EnumMap<>(ActivationKind.class);
    for (ActivationKind kind : ActivationKind.values()) {
      labels.put(
          kind,
          ("{activation=\"" + ExpositionText.labelValue(kind.wireName()) + "\",")
              .getBytes(StandardCharsets.UTF_8));
    }
    return labels;
  }

  private abstract static class Family {
    private final String name;
    private final byte[][] headers = new byte[ExpositionFormat.values().length][];

    Family(String name, String type, String help) {
      this.name = name;
      for (ExpositionFormat format : ExpositionFormat.values()) {
        headers[format.ordinal()] = format.header(name, type, help);
      }
    }

    final String name() {
      return name;
    }

    final void write(TextSink sink, ExpositionFormat format, Layers layers) {
      layers.forEach(new Writing(this, sink, headers[format.ordinal()]));
    }

    /** Writes the layer's series of this family, {@link Writing#start()} before the first. */
    abstract void writeLayer(Writing writing, LayerSeries layer) throws IOException;
  }

  /** One family being written: its header goes out before its first series, if it has one. */
  private static final class Writing implements Consumer<LayerSeries> {
    private final Family family;
    private final TextSink sink;
    private final byte[] header;
    private boolean started;

    Writing(Family family, TextSink sink, byte[] header) {
      this.family = family;
      this.sink = sink;
      this.header = header;
    }

    TextSink start() throws IOException {
      if (!started) {
        started = true;
        sink.write(header);
      }
      return sink;
    }

    @Override
    public void accept(LayerSeries layer) {
      try {
        family.writeLayer(this, layer);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static final class GaugeFamily extends Family {
    private final LayerGauge gauge;
    private final byte[] name;

    GaugeFamily(LayerGauge gauge) {
      super(gauge.prometheusName(), "gauge", gauge.description());
      this.gauge = gauge;
      this.name = gauge.prometheusName().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    void writeLayer(Writing writing, LayerSeries layer) throws IOException {
      int present = layer.present();
      if (!LayerSeries.has(present, gauge)) {
        return;
      }
      double value = layer.value(gauge);
      TextSink sink = writing.start();
      sink.write(name);
      sink.write(ACTIVATION_LABELS.get(layer.activation()));
      sink.write(layer.labels());
      sink.write('}');
      sink.write(' ');
      sink.value(value);
      sink.write('\n');
    }
  }

  private static final class NonFiniteFamily extends Family {
    private static final NonFiniteSeries[] SERIES = NonFiniteSeries.values();

    NonFiniteFamily() {
      super(NonFiniteSeries.FAMILY, "counter", NonFiniteSeries.HELP);
    }

    @Override
    void writeLayer(Writing writing, LayerSeries layer) throws IOException {
      TextSink sink = writing.start();
      for (NonFiniteSeries series : SERIES) {
        sink.write(series.before());
        sink.write(layer.labels());
        sink.write(series.after());
        sink.value(layer.nonFinite(series));
        sink.write('\n');
      }
    }
  }
}
