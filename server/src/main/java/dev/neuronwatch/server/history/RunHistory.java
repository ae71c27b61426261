package dev.neuronwatch.server.history;

import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.StepSample;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The history of one run: a table of at most {@code capacity} rows, one row per point, a column per
 * (layer, statistic) plus the loss, and the last alert events.
 *
 * <p>Downsampling: each row stands for {@code stride} consecutive samples and holds the newest
 * value of each column among them (so the latest sample is always the last row). When the table is
 * full and a new row is needed, adjacent rows are merged pairwise (the later row's values win, the
 * earlier one's fill its gaps) and the stride doubles. A run of any length therefore keeps between
 * {@code capacity / 2} and {@code capacity} evenly spaced points; memory per run is {@code
 * capacity} steps ({@code long}) plus {@code capacity} {@code float}s per column, allocated when a
 * column first appears. Values are kept as {@code float} (7 significant digits, plenty for a chart)
 * and served as the shortest decimal of that float. Thread-safe.
 *
 * <pre>{@code
 * RunHistory history = new RunHistory("run-1", 256, 256);
 * history.record(sample);
 * SeriesView view = history.view(SeriesMetric.DEAD_UNITS_RATIO, null, 0);
 * }</pre>
 */
final class RunHistory {
  private final String run;
  private final int capacity;
  private final int eventCapacity;
  private final long[] steps;
  private final Map<Column, float[]> columns = new LinkedHashMap<>();
  private final Map<String, LayerInfo> layers = new LinkedHashMap<>();
  private final Deque<SeriesView.AlertEvent> events = new ArrayDeque<>();
  private int rows;
  private int stride = 1;
  private int filled;

  /**
   * @param capacity the most points kept, even and at least 2
   * @param eventCapacity the most alert events kept (the oldest go first)
   */
  RunHistory(String run, int capacity, int eventCapacity) {
    if (capacity < 2 || capacity % 2 != 0) {
      throw new IllegalArgumentException("capacity must be even and at least 2, was " + capacity);
    }
    this.run = run;
    this.capacity = capacity;
    this.eventCapacity = eventCapacity;
    this.steps = new long[capacity];
  }

  /** Adds one applied sample; samples must come in step order. */
  synchronized void record(StepSample sample) {
    if (rows == 0 || filled == stride) {
      if (rows == capacity) {
        compact();
      }
      for (float[] values : columns.values()) {
        values[rows] = Float.NaN;
      }
      rows++;
      filled = 0;
    }
    filled++;
    int row = rows - 1;
    steps[row] = sample.step();
    put(Column.LOSS, row, sample.loss());
    for (LayerSample layer : sample.layers()) {
      layers.put(
          layer.name(),
          new LayerInfo(
              layer.depth(), layer.activation().name().toLowerCase(java.util.Locale.ROOT)));
      for (SeriesMetric metric : SeriesMetric.values()) {
        if (!metric.perRun()) {
          put(new Column(layer.name(), metric), row, metric.of(layer));
        }
      }
    }
  }

  /** Notes that an alert fired or resolved at {@code step}. */
  synchronized void event(String alert, String layer, String state, long step) {
    if (events.size() == eventCapacity) {
      events.removeFirst();
    }
    events.addLast(new SeriesView.AlertEvent(alert, layer, state, step));
  }

  /** True when the run has ever sent a layer of this name. */
  synchronized boolean hasLayer(String layer) {
    return layers.containsKey(layer);
  }

  /**
   * The points of {@code metric} from step {@code from} on, for one layer or (null) every layer in
   * depth order; the loss ignores {@code layer}. A per-layer statistic leaves out the rows where
   * none of those layers has a value: the samples an agent sends without layers (a loss spike or a
   * non-finite loss on a step it did not sample) are points of the loss only.
   */
  synchronized SeriesView view(SeriesMetric metric, String layer, long from) {
    int first = firstRowFrom(from);
    List<Column> columnsShown = new ArrayList<>();
    List<SeriesView.Line> lines = new ArrayList<>();
    List<Map.Entry<String, LayerInfo>> shownLayers = new ArrayList<>();
    if (metric.perRun()) {
      columnsShown.add(Column.LOSS);
    } else {
      layers.entrySet().stream()
          .filter(e -> layer == null || e.getKey().equals(layer))
          .sorted(Map.Entry.comparingByValue())
          .forEach(
              e -> {
                shownLayers.add(e);
                columnsShown.add(new Column(e.getKey(), metric));
              });
    }
    int[] shownRows = rowsWithAValue(first, columnsShown, metric.perRun());
    List<Long> stepList = new ArrayList<>(shownRows.length);
    for (int row : shownRows) {
      stepList.add(steps[row]);
    }
    if (metric.perRun()) {
      lines.add(new SeriesView.Line(null, null, null, values(Column.LOSS, shownRows)));
    } else {
      for (int i = 0; i < shownLayers.size(); i++) {
        Map.Entry<String, LayerInfo> e = shownLayers.get(i);
        lines.add(
            new SeriesView.Line(
                e.getKey(),
                e.getValue().depth(),
                e.getValue().activation(),
                values(columnsShown.get(i), shownRows)));
      }
    }
    List<SeriesView.AlertEvent> shown =
        events.stream()
            .filter(e -> layer == null || metric.perRun() || e.layer().equals(layer))
            .toList();
    return new SeriesView(run, metric.wireName(), stride, stepList, lines, shown);
  }

  private int firstRowFrom(long from) {
    int first = 0;
    while (first < rows && steps[first] < from) {
      first++;
    }
    return first;
  }

  /** The newest point's step, if any. */
  synchronized Optional<Long> lastStep() {
    return rows == 0 ? Optional.empty() : Optional.of(steps[rows - 1]);
  }

  /** The rows from {@code first} on, all of them or only those where a column has a value. */
  private int[] rowsWithAValue(int first, List<Column> shown, boolean all) {
    int[] out = new int[rows - first];
    int n = 0;
    for (int i = first; i < rows; i++) {
      if (all || hasAValue(shown, i)) {
        out[n++] = i;
      }
    }
    return Arrays.copyOf(out, n);
  }

  private boolean hasAValue(List<Column> shown, int row) {
    for (Column column : shown) {
      float[] values = columns.get(column);
      if (values != null && !Float.isNaN(values[row])) {
        return true;
      }
    }
    return false;
  }

  private List<Double> values(Column column, int[] shownRows) {
    float[] values = columns.get(column);
    List<Double> out = new ArrayList<>(shownRows.length);
    for (int i : shownRows) {
      float v = values == null ? Float.NaN : values[i];
      // The shortest decimal that reads back as the stored float: 0.2, not 0.20000000298023224.
      out.add(Float.isFinite(v) ? Double.valueOf(Float.toString(v)) : null);
    }
    return out;
  }

  private void put(Column column, int row, Double value) {
    if (value == null) {
      return;
    }
    float[] values =
        columns.computeIfAbsent(
            column,
            c -> {
              float[] fresh = new float[capacity];
              Arrays.fill(fresh, Float.NaN);
              return fresh;
            });
    values[row] = value.floatValue();
  }

  /** Merges rows pairwise: the later row wins, the earlier fills its gaps; the stride doubles. */
  private void compact() {
    int half = rows / 2;
    for (int i = 0; i < half; i++) {
      steps[i] = steps[2 * i + 1];
    }
    for (float[] values : columns.values()) {
      for (int i = 0; i < half; i++) {
        float later = values[2 * i + 1];
        values[i] = Float.isNaN(later) ? values[2 * i] : later;
      }
      Arrays.fill(values, half, rows, Float.NaN);
    }
    rows = half;
    stride *= 2;
  }

  private record Column(String layer, SeriesMetric metric) {
    static final Column LOSS = new Column("", SeriesMetric.LOSS);
  }

  private record LayerInfo(int depth, String activation) implements Comparable<LayerInfo> {
    @Override
    public int compareTo(LayerInfo other) {
      return Integer.compare(depth, other.depth);
    }
  }
}
