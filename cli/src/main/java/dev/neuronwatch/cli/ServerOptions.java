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

  /**
   * Where {@code server} keeps its state unless told otherwise, relative to the working directory.
   */
  static final Path DEFAULT_DATA_DIR = Path.of("neuronwatch-data");

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Directory of the durable journal: every accepted push is committed there before it is"
              + " applied and answered, and replayed at start-up, so runs, alerts and history"
              + " survive a restart or a crash; 'none' keeps state in memory only (default for"
              + " server: ./neuronwatch-data; for demo: none).")
  String dataDir;

  @Option(
      names = "--in-memory",
      description =
          "Keep state in memory only, lost on restart; the same as --data-dir none"
              + " (default: false).")
  boolean inMemory;

  /**
   * The configuration from the file and the flags; with {@code tokensFromEnvironment}, the write
   * and read tokens from {@code NEURONWATCH_WRITE_TOKEN} and {@code NEURONWATCH_READ_TOKEN}.
   */
  ServerConfig config(picocli.CommandLine.ParseResult given, boolean tokensFromEnvironment) {
    return config(given, tokensFromEnvironment, null);
  }

  /**
   * As {@link #config(picocli.CommandLine.ParseResult, boolean)}, keeping state in {@code
   * defaultDataDir} (null: in memory) unless a flag or the file says where.
   */
  ServerConfig config(
      picocli.CommandLine.ParseResult given, boolean tokensFromEnvironment, Path defaultDataDir) {
    ServerConfig.Builder builder;
    Path fallback = defaultDataDir;
    if (config != null) {
      if (!Files.isReadable(config)) {
        throw new UsageException("--config", "cannot read file '" + config + "'");
      }
      try {
        ServerConfig fromFile = ServerConfig.fromYaml(config);
        builder = fromFile.toBuilder();
        // The file's dataDir wins over the command's default, as any setting of the file does.
        fallback = fromFile.dataDir().orElse(defaultDataDir);
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
    Path dir = dataDir(fallback);
    if (dir != null) {
      builder.dataDir(dir);
    } else if (inMemory || "none".equals(dataDir)) {
      builder.dataDir(null);
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
    return start(given, tokensFromEnvironment, null);
  }

  RunningServer start(
      picocli.CommandLine.ParseResult given, boolean tokensFromEnvironment, Path defaultDataDir) {
    return new RunningServer(
        NeuronwatchServer.create(config(given, tokensFromEnvironment, defaultDataDir)).start());
  }

  /** The directory the flags choose, else {@code fallback}; null for in memory. */
  private Path dataDir(Path fallback) {
    if (inMemory || "none".equals(dataDir)) {
      if (inMemory && dataDir != null && !"none".equals(dataDir)) {
        throw new UsageException("--in-memory", "cannot be given with --data-dir " + dataDir);
      }
      return null;
    }
    if (dataDir != null) {
      return Path.of(dataDir);
    }
    return fallback;
  }
}
