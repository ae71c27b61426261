package dev.neuronwatch.browser;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The Neuronwatch page as a test sees it: what it lists and draws, read from the DOM the page
 * builds (rows carry {@code data-run}, {@code data-alert}, {@code data-layer}; each chart its
 * {@code data-metric}, the number of {@code data-points} it draws and of alert {@code data-marks}
 * inside its plot; the heat map its {@code data-metric}, {@code data-rows} and {@code data-cells};
 * the body the number of {@code data-polls} the page completed).
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
    return rows("#runs tbody tr").stream().map(row -> row.get(0)).toList();
  }

  /** The state badge of a listed run, or "" when the run is not listed. */
  String runState(String run) {
    return rows("#runs tbody tr").stream()
        .filter(row -> row.get(0).equals(run))
        .map(row -> row.get(3))
        .findFirst()
        .orElse("");
  }

  /** The cells of the first alert row of {@code alert} on {@code layer}, as the page shows them. */
  AlertRow alert(String alert, String layer) {
    List<String> cells =
        rows("#alerts tbody tr").stream()
            .filter(row -> row.get(0).equals(alert) && row.get(1).equals(layer))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no alert row " + alert + " " + layer));
    return new AlertRow(
        cells.get(2),
        cells.get(3),
        cells.get(4),
        cells.get(5),
        cells.get(6),
        cells.get(7),
        cells.get(9).isEmpty() ? null : cells.get(9));
  }

  /**
   * The rows matching {@code selector}, read in one script so that a poll re-rendering the table
   * cannot come between: for each, its data-run or data-alert, its data-layer, each cell's text,
   * then the href of its first link ("" when none).
   */
  @SuppressWarnings("unchecked")
  private List<List<String>> rows(String selector) {
    return (List<List<String>>)
        driver.executeScript(
            "return [...document.querySelectorAll(arguments[0])].map(tr => {"
                + " const link = tr.querySelector('a');"
                + " return [tr.dataset.run || tr.dataset.alert || '', tr.dataset.layer || '']"
                + ".concat([...tr.cells].map(td => td.innerText.trim()),"
                + " [link ? link.href : '']); });",
            selector);
  }

  /** One alert row: the columns alert, layer, state, value, since, step and the runbook link. */
  record AlertRow(
      String name,
      String layer,
      String state,
      String value,
      String since,
      String step,
      String runbook) {}

  /** Each alert row as "name layer state". */
  List<String> alerts() {
    return rows("#alerts tbody tr").stream()
        .map(row -> row.get(0) + " " + row.get(1) + " " + row.get(4))
        .toList();
  }

  int chartPoints(String metric) {
    String points =
        driver
            .findElement(By.cssSelector(".chart[data-metric='" + metric + "']"))
            .getAttribute("data-points");
    return points == null ? 0 : Integer.parseInt(points);
  }

  /** How many alert events the chart marks inside its plot. */
  int chartMarks(String metric) {
    return intAttribute(By.cssSelector(".chart[data-metric='" + metric + "']"), "data-marks");
  }

  /** The statistic the heat map shows, or "" before it drew. */
  String heatMetric() {
    String metric = driver.findElement(By.id("heat")).getAttribute("data-metric");
    return metric == null ? "" : metric;
  }

  int heatRows() {
    return intAttribute(By.id("heat"), "data-rows");
  }

  int heatCells() {
    return intAttribute(By.id("heat"), "data-cells");
  }

  /** How many polls the page has completed since it loaded. */
  int polls() {
    return intAttribute(By.tagName("body"), "data-polls");
  }

  private int intAttribute(By element, String attribute) {
    String value = driver.findElement(element).getAttribute(attribute);
    return value == null ? 0 : Integer.parseInt(value);
  }

  boolean chartDrawn(String metric) {
    return !driver
        .findElements(By.cssSelector(".chart[data-metric='" + metric + "'] canvas"))
        .isEmpty();
  }

  /** True while the page shows its read-token form. */
  boolean asksForAToken() {
    return driver.findElement(By.id("token-form")).isDisplayed();
  }

  /** Types {@code token} into the page's read-token form and submits it. */
  void giveToken(String token) {
    WebElement field = driver.findElement(By.id("token"));
    field.clear();
    field.sendKeys(token);
    driver.findElement(By.cssSelector("#token-form button")).click();
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

  /**
   * The page's requests to the API since it loaded or since {@link #clearRequests()}: each entry's
   * {@code name} (the URL), {@code decodedBodySize} (the bytes of JSON it received) and {@code
   * encodedBodySize} (the bytes of body on the wire, less when the server compressed it).
   */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> apiRequests() {
    return (List<Map<String, Object>>)
        driver.executeScript(
            "return performance.getEntriesByType('resource')"
                + ".filter(e => new URL(e.name).pathname.startsWith('/api/'))"
                + ".map(e => ({name: e.name, decodedBodySize: e.decodedBodySize,"
                + " encodedBodySize: e.encodedBodySize}));");
  }

  /** Forgets the requests recorded so far (and lifts the browser's 250-entry cap). */
  void clearRequests() {
    driver.executeScript(
        "performance.setResourceTimingBufferSize(100000); performance.clearResourceTimings();");
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
