package dev.neuronwatch.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.neuronwatch.trainer.scenario.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;

/**
 * Regenerates the README's screenshot of the page: trains every demo scenario against an in-process
 * server, as {@code ./neuronwatch demo} does, and photographs the dying-ReLU run. Runs only when
 * asked, from the repository root:
 *
 * <pre>{@code
 * ./mvnw -pl browser-tests -am verify -Dtest=PageScreenshotTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dneuronwatch.screenshot=docs/page.png
 * }</pre>
 */
class PageScreenshotTest {
  private static final String TARGET = System.getProperty("neuronwatch.screenshot");

  @Test
  void photographsTheDyingReluRunAfterTheDemoScenarios() throws Exception {
    assumeTrue(TARGET != null, "set -Dneuronwatch.screenshot=docs/page.png to regenerate it");
    assumeTrue(Chromium.installed(), "needs the Debian packages chromium and chromium-driver");
    // Relative to the repository root, where the command is run (surefire runs in the module).
    Path target = Path.of("..").resolve(TARGET).normalize();
    try (TrainedServer server = TrainedServer.start();
        Chromium chromium = Chromium.start(1440, 1700)) {
      for (Scenario scenario : Scenario.values()) {
        server.train("demo-" + scenario.cliName(), scenario);
      }
      chromium.driver().get(server.uri() + "/#run=demo-dying-relu");
      Page page = new Page(chromium.driver());
      page.await(() -> page.chartPoints("dead_units_ratio") > 0, "the dead-ratio chart");
      chromium
          .driver()
          .executeScript(
              "const s = document.getElementById('heat-metric');"
                  + "s.value = 'dead_units_ratio'; s.dispatchEvent(new Event('change'));");
      page.await(() -> page.heatMetric().equals("dead_units_ratio"), "the dead-ratio heat map");
      page.await(() -> !page.alerts().isEmpty(), "the alerts");
      // The whole page in one picture, however long the alert table grew.
      long pageHeight =
          (Long) chromium.driver().executeScript("return document.documentElement.scrollHeight;");
      long chrome =
          (Long) chromium.driver().executeScript("return window.outerHeight - window.innerHeight;");
      chromium.driver().manage().window().setSize(new Dimension(1440, (int) (pageHeight + chrome)));
      int polls = page.polls();
      page.await(() -> page.polls() > polls, "a poll at the new size");
      Path shot = chromium.driver().getScreenshotAs(OutputType.FILE).toPath();
      Files.createDirectories(target.getParent());
      Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    }
    assertThat(target).exists();
  }
}
