package dev.neuronwatch.cli;

import dev.neuronwatch.server.NeuronwatchServer;
import dev.neuronwatch.server.ServerConfig;
import dev.neuronwatch.settings.InvalidSettingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The flags that configure the server, shared by {@code server} and {@code demo}. */
final class ServerOptions {
  @Option(
      names = "--host",
      description =
          "Address to bind; the default keeps the server on loopback (default: ${DEFAULT-VALUE}).")
  String host = ServerConfig.DEFAULT_HOST;

  @Option(
      names = "--port",
      description = "Port to listen on, 0 for any free port (default: ${DEFAULT-VALUE}).")
  int port = ServerConfig.DEFAULT_PORT;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "YAML file with server settings and alert thresholds; flags given here win"
              + " (default: none, built-in defaults).")
  Path config;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Directory of the durable journal: every accepted push is written there before it is"
              + " answered and replayed at start-up, so runs, alerts and history survive a"
              + " restart or a crash (default: none, in memory only; the README suggests"
              + " ./neuronwatch-data).")
  Path dataDir;

  /**
   * The configuration from the file and the flags; with {@code tokensFromEnvironment}, the write
   * and read tokens from {@code NEURONWATCH_WRITE_TOKEN} and {@code NEURONWATCH_READ_TOKEN}.
   */
  ServerConfig config(picocli.CommandLine.ParseResult given, boolean tokensFromEnvironment) {
    ServerConfig.Builder builder;
    if (config != null) {
      if (!Files.isReadable(config)) {
        throw new UsageException("--config", "cannot read file '" + config + "'");
      }
      try {
        builder = ServerConfig.fromYaml(config).toBuilder();
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + config + ": " + e.getMessage(), e);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--config", e.getMessage());
      }
    } else {
      builder = ServerConfig.builder();
    }
    if (config == null || given.hasMatchedOption("--host")) {
      builder.host(host);
    }
    if (config == null || given.hasMatchedOption("--port")) {
      builder.port(port);
    }
    if (dataDir != null) {
      builder.dataDir(dataDir);
    }
    // Secrets never come from flags (they would show in the process list) nor from the file.
    if (tokensFromEnvironment) {
      builder.tokensFromEnvironment(System.getenv());
    }
    try {
      return builder.build();
    } catch (InvalidSettingException e) {
      // A setting without a flag of its own came from the file, or the environment's tokens.
      throw SettingFlags.usageError(given.commandSpec(), e, "--config");
    }
  }

  RunningServer start(picocli.CommandLine.ParseResult given, boolean tokensFromEnvironment) {
    return new RunningServer(
        NeuronwatchServer.create(config(given, tokensFromEnvironment)).start());
  }
}
