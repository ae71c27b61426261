package dev.neuronwatch.browser;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The Neuronwatch page as a test sees it: what it lists and draws, read from the DOM the page
 * builds (rows carry {@code data-run}, {@code data-alert}, {@code data-layer}; each chart its
 * {@code data-metric} and the number of {@code data-points} it draws).
 *
 * <pre>{@code
 * Page page = new Page(driver);
 * page.await(() -> page.runNames().contains("dying-relu-1"), "the run to be listed");
 * }</pre>
 */
final class Page {
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private final ChromeDriver driver;

  Page(ChromeDriver driver) {
    this.driver = driver;
  }

  List<String> runNames() {
    return driver.findElements(By.cssSelector("#runs tbody tr")).stream()
        .map(row -> row.getAttribute("data-run"))
        .toList();
  }

  /** Each alert row as "name layer state". */
  List<String> alerts() {
    return driver.findElements(By.cssSelector("#alerts tbody tr")).stream()
        .map(Page::alertRow)
        .toList();
  }

  private static String alertRow(WebElement row) {
    return row.getAttribute("data-alert")
        + " "
        + row.getAttribute("data-layer")
        + " "
        + row.findElements(By.tagName("td")).get(2).getText();
  }

  int chartPoints(String metric) {
    String points =
        driver
            .findElement(By.cssSelector(".chart[data-metric='" + metric + "']"))
            .getAttribute("data-points");
    return points == null ? 0 : Integer.parseInt(points);
  }

  boolean chartDrawn(String metric) {
    return !driver
        .findElements(By.cssSelector(".chart[data-metric='" + metric + "'] canvas"))
        .isEmpty();
  }

  String message() {
    WebElement message = driver.findElement(By.id("message"));
    return message.isDisplayed() ? message.getText() : "";
  }

  /** Every URL the page loaded or fetched, as the browser's performance entries record them. */
  @SuppressWarnings("unchecked")
  List<String> requestedUrls() {
    return (List<String>)
        driver.executeScript(
            "return performance.getEntriesByType('navigation')"
                + ".concat(performance.getEntriesByType('resource')).map(e => e.name);");
  }

  void await(Supplier<Boolean> condition, String what) {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (!Boolean.TRUE.equals(condition.get())) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
