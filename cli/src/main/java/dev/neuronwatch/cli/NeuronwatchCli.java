package dev.neuronwatch.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code neuronwatch} launcher: {@code server}, {@code train} and {@code demo}.
 *
 * <p>Usage errors (an unknown flag, a bad value) print one line naming the flag and exit with
 * status 2; failures at run time exit with 1.
 *
 * <pre>{@code
 * java -jar neuronwatch.jar demo --exit
 * java -jar neuronwatch.jar train --scenario dying-relu --server http://127.0.0.1:9750
 * }</pre>
 */
@Command(
    name = "neuronwatch",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Training diagnostics for neural networks, exported to Prometheus with alert rules.",
    subcommands = {ServerCommand.class, TrainCommand.class, DemoCommand.class, RulesCommand.class},
    synopsisSubcommandLabel = "COMMAND")
public final class NeuronwatchCli implements Runnable {
  /** Exit status of a usage error: unknown flag, bad value. */
  public static final int USAGE_ERROR = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the launcher with the given streams and returns the exit status (for tests). */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new NeuronwatchCli());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setUsageHelpWidth(100);
    commandLine.setParameterExceptionHandler(NeuronwatchCli::oneLineUsageError);
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parseResult) -> {
          if (e instanceof UsageException usage) {
            cmd.getErr().println(cmd.getCommandName() + ": " + usage.getMessage());
            return USAGE_ERROR;
          }
          cmd.getErr().println(cmd.getCommandName() + ": error: " + e.getMessage());
          return 1;
        });
    return commandLine.execute(args);
  }

  private static int oneLineUsageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    cmd.getErr()
        .println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage() + " (see --help)");
    return USAGE_ERROR;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
