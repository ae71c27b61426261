package dev.neuronwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuronwatch.server.ServerConfig;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `server` keeps its state in ./neuronwatch-data unless told otherwise; `demo` in memory. */
class ServerDataDirTest {

  private static Optional<Path> serverDataDir(String... args) {
    ServerCommand command = new ServerCommand();
    CommandLine.ParseResult parsed = new CommandLine(command).parseArgs(args);
    ServerConfig config = command.options.config(parsed, false, ServerOptions.DEFAULT_DATA_DIR);
    return config.dataDir();
  }

  @Test
  void theServerCommandKeepsItsStateInNeuronwatchDataByDefault() {
    assertThat(serverDataDir()).contains(Path.of("neuronwatch-data"));
  }

  @Test
  void inMemoryOrDataDirNoneOptsOut() {
    assertThat(serverDataDir("--in-memory")).isEmpty();
    assertThat(serverDataDir("--data-dir", "none")).isEmpty();
    assertThat(serverDataDir("--data-dir", "elsewhere")).contains(Path.of("elsewhere"));
  }

  @Test
  void inMemoryWithADataDirIsAUsageError() {
    assertThatThrownBy(() -> serverDataDir("--in-memory", "--data-dir", "elsewhere"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--data-dir elsewhere");
  }

  @Test
  void embeddedServersStayInMemoryByDefault() {
    assertThat(ServerConfig.builder().build().dataDir()).isEmpty();
  }
}
