package dev.neuronwatch.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.neuronwatch.server.ServerConfig;
import dev.neuronwatch.server.rules.Runbooks;
import dev.neuronwatch.trainer.scenario.Scenario;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The page in headless Chromium after a real dying-ReLU training run against an in-process server:
 * it lists the run with its state, shows the alert with its layer, value, step and runbook, draws
 * every chart over steps with the alert onsets marked and the layer × step heat map, follows a run
 * while it trains, says clearly when a run is unknown, works with a read token, and loads nothing
 * from anywhere but the server.
 */
class PageBrowserTest {
  private static final String RUN = "dying-relu-1";

  private static TrainedServer server;
  private static Chromium chromium;

  @BeforeAll
  static void trainAndOpenBrowser() {
    assumeTrue(
        Chromium.installed(),
        "the browser tests need the Debian packages chromium and chromium-driver "
            + "(.ci/run installs them)");
    server = TrainedServer.start();
    server.train(RUN, Scenario.DYING_RELU);
    chromium = Chromium.start(1400, 1000);
  }

  @AfterAll
  static void stop() {
    try {
      if (chromium != null) {
        chromium.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void listsTheRunShowsTheDyingReluAlertAndDrawsTheDeadRatio() {
    chromium.driver().get(server.uri() + "/#run=" + RUN);
    Page page = new Page(chromium.driver());

    page.await(() -> page.runNames().contains(RUN), "the run to be listed");
    page.await(
        () -> page.alerts().stream().anyMatch(a -> a.startsWith("NeuronwatchDyingRelu dense_")),
        "NeuronwatchDyingRelu with its layer, got " + page.alerts());
    page.await(() -> page.chartPoints("dead_units_ratio") > 0, "points in the dead-ratio chart");

    assertThat(page.chartDrawn("dead_units_ratio")).isTrue();
    assertThat(page.chartPoints("loss")).isGreaterThan(0);
    assertThat(page.message()).isEmpty();
    assertThat(page.runState(RUN)).isEqualTo("finished");
  }

  @Test
  void showsEachAlertsValueSinceStepAndRunbook() {
    chromium.driver().get(server.uri() + "/#run=" + RUN);
    Page page = new Page(chromium.driver());
    page.await(
        () -> page.alerts().stream().anyMatch(a -> a.startsWith("NeuronwatchDyingRelu dense_")),
        "NeuronwatchDyingRelu with its layer");
    String layer =
        page.alerts().stream()
            .filter(a -> a.startsWith("NeuronwatchDyingRelu "))
            .findFirst()
            .orElseThrow()
            .split(" ")[1];

    Page.AlertRow alert = page.alert("NeuronwatchDyingRelu", layer);

    assertThat(alert.state()).isEqualTo("firing");
    // The dead fraction that fired it, over the threshold it was compared with.
    assertThat(alert.value()).matches("(0\\.\\d+|1) / 0\\.5");
    assertThat(alert.since()).matches("\\d+ (s|min) ago");
    assertThat(Long.parseLong(alert.step())).isPositive();
    assertThat(alert.runbook())
        .isEqualTo(Runbooks.url(Runbooks.DEFAULT_BASE, "NeuronwatchDyingRelu"));
  }

  @Test
  void drawsEveryChartOverStepsWithTheAlertOnsetsAndTheHeatMap() {
    chromium.driver().get(server.uri() + "/#run=" + RUN);
    Page page = new Page(chromium.driver());
    page.await(() -> page.heatCells() > 0, "the heat map");

    for (String metric :
        new String[] {
          "loss",
          "dead_units_ratio",
          "saturation_ratio",
          "activation_mean",
          "gradient_weight_norm",
          "update_ratio"
        }) {
      assertThat(page.chartPoints(metric)).as(metric).isGreaterThan(0);
      assertThat(page.chartDrawn(metric)).as(metric).isTrue();
    }
    // The loss chart marks every alert event of the run, each statistic's chart only the events
    // of the alerts that read it: the dead-unit chart the dying layers', the gradient chart none.
    List<String> events = server.alertEvents(RUN);
    assertThat(events).contains("NeuronwatchDyingRelu");
    assertThat(page.chartMarks("loss")).isEqualTo(events.size());
    assertThat(page.chartMarks("dead_units_ratio"))
        .isPositive()
        .isEqualTo(events.stream().filter("NeuronwatchDyingRelu"::equals).count());
    assertThat(page.chartMarks("gradient_weight_norm"))
        .isEqualTo(
            events.stream()
                .filter(
                    e ->
                        e.equals("NeuronwatchVanishingGradient")
                            || e.equals("NeuronwatchExplodingGradient")
                            || e.equals("NeuronwatchNonFiniteValues"))
                .count());
    // One row per layer of the reference network (three ReLU layers and the output).
    assertThat(page.heatMetric()).isEqualTo("gradient_weight_norm");
    assertThat(page.heatRows()).isEqualTo(4);
    assertThat(page.heatCells()).isEqualTo(page.chartPoints("gradient_weight_norm"));
  }

  @Test
  void followsARunWhileItTrainsReadingOnlyTheNewSteps() {
    try (TrainedServer live = TrainedServer.start()) {
      SyntheticRun run = new SyntheticRun(live.uri(), "live", 6, 3);
      run.push(5, 5);
      chromium.driver().get(live.uri() + "/#run=live");
      Page page = new Page(chromium.driver());
      page.await(() -> page.chartPoints("loss") == 5, "the first five points");
      assertThat(page.runState("live")).isEqualTo("running");

      run.push(5, 5);

      page.await(() -> page.chartPoints("loss") == 10, "five more points without a reload");
      page.await(() -> page.heatCells() == 6 * 10, "the heat map to follow");
      assertThat(page.requestedUrls())
          .anySatisfy(url -> assertThat(url).contains("/series?metric=loss&from=" + 50));
      // A run that does not move is not read again: polls go on, series requests do not.
      page.await(() -> page.polls() >= 2, "a poll after the last push");
      int seriesRequests = seriesRequests(page);
      int polls = page.polls();
      page.await(() -> page.polls() >= polls + 2, "two more polls");
      assertThat(seriesRequests(page)).isEqualTo(seriesRequests);
    }
  }

  private static int seriesRequests(Page page) {
    return (int) page.requestedUrls().stream().filter(url -> url.contains("/series?")).count();
  }

  @Test
  void saysSoWhenTheRunIsUnknown() {
    chromium.driver().get(server.uri() + "/#run=no-such-run");
    Page page = new Page(chromium.driver());

    page.await(() -> !page.message().isEmpty(), "a message about the unknown run");

    assertThat(page.message()).contains("No run named 'no-such-run'");
    assertThat(page.runNames()).contains(RUN);
  }

  @Test
  void loadsNothingFromOutsideTheServer() {
    chromium.driver().get(server.uri() + "/#run=" + RUN);
    Page page = new Page(chromium.driver());
    page.await(() -> page.chartPoints("loss") > 0, "the loss chart");

    assertThat(page.requestedUrls())
        .isNotEmpty()
        .allSatisfy(url -> assertThat(url).startsWith(server.uri() + "/"))
        .anySatisfy(url -> assertThat(url).endsWith("/vendor/uplot/uPlot.iife.min.js"))
        .anySatisfy(url -> assertThat(url).contains("/series?metric=dead_units_ratio"));
  }

  @Test
  void asksForTheReadTokenWhenTheServerWantsOne() {
    try (TrainedServer guarded =
        TrainedServer.start(ServerConfig.builder().readToken("typed-secret"))) {
      guarded.train("short", Scenario.HEALTHY.config().toBuilder().steps(30).build());
      chromium.driver().get(guarded.uri() + "/");
      Page page = new Page(chromium.driver());
      page.await(page::asksForAToken, "the token form");
      assertThat(page.runNames()).isEmpty();

      page.giveToken("typed-secret");

      page.await(() -> page.runNames().contains("short"), "the run listed with the token");
      assertThat(page.asksForAToken()).isFalse();
      assertThat(page.requestedUrls()).noneMatch(url -> url.contains("typed-secret"));
    }
  }

  @Test
  void readsTheTokenFromTheFragmentAndKeepsItOutOfTheAddress() {
    try (TrainedServer guarded =
        TrainedServer.start(ServerConfig.builder().readToken("page-secret"))) {
      guarded.train("short", Scenario.HEALTHY.config().toBuilder().steps(30).build());
      chromium.driver().get(guarded.uri() + "/#token=page-secret&run=short");
      Page page = new Page(chromium.driver());

      page.await(() -> page.runNames().contains("short"), "the run listed with the token");

      assertThat(chromium.driver().getCurrentUrl()).doesNotContain("page-secret");
      // What reaches the server: addresses without their fragment, which browsers never send.
      assertThat(page.requestedUrls())
          .map(url -> url.replaceFirst("#.*", ""))
          .noneMatch(url -> url.contains("page-secret"));
    }
  }
}
