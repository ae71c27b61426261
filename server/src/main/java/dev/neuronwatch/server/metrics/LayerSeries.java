package dev.neuronwatch.server.metrics;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.GradientSummary;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.TensorSummary;
import dev.neuronwatch.server.rules.LayerSignals;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * The exported values of one layer of one run, kept compact: the latest value of each {@link
 * LayerGauge} in an array indexed by its ordinal with a bit set for the values the latest sample
 * had (a value it lacks has no series until one arrives; the last value wins), the six non-finite
 * counts ({@link NonFiniteSeries}) each sample adds to, the activation (a label: a layer that
 * changes it moves to new series), and its layer and run labels escaped once. {@link LayerFamilies}
 * writes them to {@code /metrics}.
 *
 * <p>Updates must be serialised (one run's are, under the store's run lock); scrapes read
 * concurrently: each value is read and written atomically, and a scrape that sees a sample's set of
 * values sees the values written with it, though it may mix two samples' values when it races an
 * update, as reading separate meters could.
 *
 * <pre>{@code
 * LayerSeries dense = new LayerSeries("run-1", "dense_0");
 * dense.update(signals);
 * int present = dense.present();
 * if (LayerSeries.has(present, LayerGauge.DEPTH)) write(dense.value(LayerGauge.DEPTH));
 * }</pre>
 */
final class LayerSeries {
  private static final LayerGauge[] GAUGES = LayerGauge.values();
  private static final VarHandle DOUBLES = MethodHandles.arrayElementVarHandle(double[].class);
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

  static {
    if (GAUGES.length > Integer.SIZE) {
      throw new ExceptionInInitializerError("one bit per gauge: at most 32 gauges");
    }
  }

  private final byte[] labels;
  private final double[] values = new double[GAUGES.length];
  private final long[] nonFinite = new long[NonFiniteSeries.values().length];
  private volatile int present;
  private volatile ActivationKind activation;

  LayerSeries(String run, String layer) {
    this.labels =
        ("layer=\""
                + ExpositionText.labelValue(layer)
                + "\",run=\""
                + ExpositionText.labelValue(run)
                + "\"")
            .getBytes(StandardCharsets.UTF_8);
  }

  void update(LayerSignals signals) {
    int has = 0;
    for (LayerGauge gauge : GAUGES) {
      Double value = gauge.read(signals);
      if (value != null) {
        DOUBLES.setOpaque(values, gauge.ordinal(), value.doubleValue());
        has |= 1 << gauge.ordinal();
      }
    }
    LayerSample sample = signals.layer();
    TensorSummary output = sample.output();
    add(NonFiniteSeries.OUTPUT_NAN, output.nanCount());
    add(NonFiniteSeries.OUTPUT_INF, output.infCount());
    GradientSummary gradient = sample.gradient();
    if (gradient != null) {
      add(NonFiniteSeries.GRADIENT_NAN, gradient.nanCount());
      add(NonFiniteSeries.GRADIENT_INF, gradient.infCount());
    }
    if (sample.weightNonFinite() != null) {
      add(NonFiniteSeries.WEIGHTS, sample.weightNonFinite());
    }
    if (sample.updateNonFinite() != null) {
      add(NonFiniteSeries.UPDATE, sample.updateNonFinite());
    }
    activation = sample.activation();
    // Last: a scrape reading this set sees every value written before it.
    present = has;
  }

  private void add(NonFiniteSeries series, long count) {
    if (count != 0) {
      int i = series.ordinal();
      LONGS.setOpaque(nonFinite, i, (long) LONGS.getOpaque(nonFinite, i) + count);
    }
  }

  /** The gauges with a value, one bit per ordinal; read it before the values. */
  int present() {
    return present;
  }

  static boolean has(int present, LayerGauge gauge) {
    return (present & (1 << gauge.ordinal())) != 0;
  }

  double value(LayerGauge gauge) {
    return (double) DOUBLES.getOpaque(values, gauge.ordinal());
  }

  long nonFinite(NonFiniteSeries series) {
    return (long) LONGS.getOpaque(nonFinite, series.ordinal());
  }

  /** The activation of the latest sample, null before the first. */
  ActivationKind activation() {
    return activation;
  }

  /** {@code layer="…",run="…"}, escaped, in UTF-8. */
  byte[] labels() {
    return labels;
  }
}
