package dev.neuronwatch.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints the log files of the programs an integration test runs when a test, or the setup that
 * starts them, fails: the cause is usually in Prometheus' or Alertmanager's own words. The files
 * stay under {@code target/} either way.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PrintLogsOnFailure LOGS = new PrintLogsOnFailure(logDir, "integration-");
 * }</pre>
 */
final class PrintLogsOnFailure implements TestWatcher, LifecycleMethodExecutionExceptionHandler {
  private final Path logDir;
  private final String prefix;

  /** Prints the {@code .log} files in {@code logDir} whose names start with {@code prefix}. */
  PrintLogsOnFailure(Path logDir, String prefix) {
    this.logDir = logDir;
    this.prefix = prefix;
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    print(context.getDisplayName());
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable cause)
      throws Throwable {
    print("setup of " + context.getDisplayName());
    throw cause;
  }

  private void print(String failed) {
    StringBuilder text = new StringBuilder();
    for (Path log : logs()) {
      text.append("\n===== ").append(log).append(" (").append(failed).append(" failed) =====\n");
      try {
        text.append(Files.readString(log, StandardCharsets.UTF_8));
      } catch (IOException e) {
        text.append("(cannot read: ").append(e).append(")\n");
      }
    }
    System.err.println(text);
  }

  private List<Path> logs() {
    if (!Files.isDirectory(logDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(logDir)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith(prefix))
          .filter(f -> f.getFileName().toString().endsWith(".log"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
