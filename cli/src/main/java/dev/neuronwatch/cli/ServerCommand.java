package dev.neuronwatch.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code neuronwatch server}: runs the ingest server until the process is stopped. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Run the Neuronwatch server: ingest, /metrics, alert rules and the alert API.")
final class ServerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ServerOptions options;

  @Override
  public Integer call() throws InterruptedException {
    RunningServer server =
        options.start(spec.commandLine().getParseResult(), true, ServerOptions.DEFAULT_DATA_DIR);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "neuronwatch-shutdown"));
    spec.commandLine()
        .getOut()
        .printf(
            "Neuronwatch server listening on %s (metrics: /metrics, alerts: /api/v1/alerts)%n",
            server.baseUri());
    stopped.await();
    return 0;
  }
}
