package dev.neuronwatch.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.neuronwatch.server.ServerConfig;
import dev.neuronwatch.trainer.scenario.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The page in headless Chromium after a real dying-ReLU training run against an in-process server:
 * it lists the run, shows the alert with its layer, draws the dead-unit chart, says clearly when a
 * run is unknown, and loads nothing from anywhere but the server.
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
