package dev.neuronwatch.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium driven through the system chromedriver (Debian packages {@code chromium} and
 * {@code chromium-driver}), with a fresh profile and every background download switched off, so a
 * test never reaches beyond loopback. Close it to quit the browser and delete the profile.
 *
 * <pre>{@code
 * try (Chromium chromium = Chromium.start(1400, 1000)) {
 *   chromium.driver().get(pageUri);
 * }
 * }</pre>
 */
final class Chromium implements AutoCloseable {
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final Path BROWSER = Path.of("/usr/bin/chromium");

  private final ChromeDriver driver;
  private final Path profile;

  private Chromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** True when both Debian packages are installed. */
  static boolean installed() {
    return Files.isExecutable(DRIVER) && Files.isExecutable(BROWSER);
  }

  static Chromium start(int width, int height) {
    Path profile;
    try {
      profile = Files.createTempDirectory("neuronwatch-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--window-size=" + width + "," + height,
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .withTimeout(Duration.ofSeconds(30))
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    return new Chromium(driver, profile);
  }

  ChromeDriver driver() {
    return driver;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // A leftover temporary profile is harmless.
      }
    }
  }
}
