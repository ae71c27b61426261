package dev.neuronwatch.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.neuronwatch.server.ServerConfig;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The page with 100 runs of 50 layers each: it lists every run, draws the chosen run's 50 layers in
 * every chart and the heat map, and while that run trains each poll reads only its new steps; a
 * poll of a run that does not move reads no series at all. The chosen run holds 250 points per
 * statistic (the server keeps at most 256), the others one push of 10 samples each, which is all
 * the page sees of them (the runs list). Prints what it measured: the time until the page drew the
 * chosen run, and the bytes and requests of the first load, of a poll after new steps and of an
 * idle poll.
 *
 * <pre>{@code
 * ./mvnw -B -pl browser-tests -am verify -Dtest=PageAtScaleTest -Dsurefire.failIfNoSpecifiedTests=false
 * }</pre>
 */
class PageAtScaleTest {
  private static final int RUNS = 100;
  private static final int LAYERS = 50;
  private static final int POINTS = 250;
  private static final String CHOSEN = "deep-000";

  @Test
  void staysUsableWithAHundredRunsOfFiftyLayers() {
    assumeTrue(Chromium.installed(), "needs the Debian packages chromium and chromium-driver");
    // Every push comes from loopback: no per-client rate limit.
    try (TrainedServer server = TrainedServer.start(ServerConfig.builder().rateLimit(0));
        Chromium chromium = Chromium.start(1440, 1000)) {
      SyntheticRun chosen = new SyntheticRun(server.uri(), CHOSEN, LAYERS, 0);
      chosen.push(POINTS, 10);
      for (int i = 1; i < RUNS; i++) {
        new SyntheticRun(server.uri(), String.format(Locale.ROOT, "deep-%03d", i), LAYERS, i)
            .push(10, 10);
      }
      Page page = new Page(chromium.driver());

      long start = System.nanoTime();
      chromium.driver().get(server.uri() + "/#run=" + CHOSEN);
      page.await(() -> page.heatCells() == LAYERS * POINTS, "the heat map of every layer");
      page.await(() -> page.chartPoints("activation_mean") == LAYERS * POINTS, "every chart");
      long drawnMillis = (System.nanoTime() - start) / 1_000_000;
      Traffic first = Traffic.of(page);

      assertThat(page.runNames()).hasSize(RUNS);
      assertThat(page.heatRows()).isEqualTo(LAYERS);
      assertThat(page.chartPoints("dead_units_ratio")).isEqualTo((LAYERS - 1) * POINTS);
      assertThat(page.chartPoints("saturation_ratio")).isEqualTo(POINTS);
      assertThat(page.chartPoints("gradient_weight_norm")).isEqualTo(LAYERS * POINTS);
      assertThat(page.chartPoints("update_ratio")).isEqualTo(LAYERS * POINTS);

      page.clearRequests();
      chosen.push(5, 5);
      page.await(() -> page.chartPoints("loss") == POINTS + 5, "the five new steps");
      page.await(() -> page.heatCells() == LAYERS * (POINTS + 5), "the heat map to follow");
      Traffic live = Traffic.of(page);

      page.clearRequests();
      int polls = page.polls();
      page.await(() -> page.polls() >= polls + 2, "two more polls");
      Traffic idle = Traffic.of(page);

      System.out.printf(
          Locale.ROOT,
          "page at scale (%d runs x %d layers, chosen run %d points): drawn in %d ms;%n"
              + "  first load: %s%n  poll after 5 new steps: %s%n  two idle polls: %s%n",
          RUNS,
          LAYERS,
          POINTS,
          drawnMillis,
          first,
          live,
          idle);

      // A poll after new steps reads the new rows, not the history again.
      assertThat(live.seriesRequests()).isPositive();
      assertThat(live.seriesBytes()).isLessThan(first.seriesBytes() / 10);
      assertThat(idle.seriesRequests()).isZero();
      // Usable: drawn well inside the time a person waits for a page (generous for a loaded CI).
      assertThat(drawnMillis).isLessThan(30_000);
    }
  }

  /** The page's API requests since the last clear, from the browser's resource timing entries. */
  record Traffic(
      int requests,
      long bytes,
      long wireBytes,
      int seriesRequests,
      long seriesBytes,
      long runsBytes) {
    static Traffic of(Page page) {
      List<Map<String, Object>> entries = page.apiRequests();
      int requests = 0;
      int series = 0;
      long bytes = 0;
      long wire = 0;
      long seriesBytes = 0;
      long runsBytes = 0;
      for (Map<String, Object> entry : entries) {
        String url = (String) entry.get("name");
        long size = ((Number) entry.get("decodedBodySize")).longValue();
        requests++;
        bytes += size;
        wire += ((Number) entry.get("encodedBodySize")).longValue();
        if (url.contains("/series?")) {
          series++;
          seriesBytes += size;
        } else if (url.endsWith("/api/v1/runs")) {
          runsBytes = Math.max(runsBytes, size);
        }
      }
      return new Traffic(requests, bytes, wire, series, seriesBytes, runsBytes);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%d requests, %.1f KiB of JSON, %.1f KiB on the wire (%d series requests, %.1f KiB;"
              + " runs list %.1f KiB)",
          requests,
          bytes / 1024.0,
          wireBytes / 1024.0,
          seriesRequests,
          seriesBytes / 1024.0,
          runsBytes / 1024.0);
    }
  }
}
