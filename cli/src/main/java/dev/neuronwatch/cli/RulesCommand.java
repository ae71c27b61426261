package dev.neuronwatch.cli;

import dev.neuronwatch.server.ServerConfig;
import dev.neuronwatch.server.rules.RuleSettings;
import dev.neuronwatch.server.rules.prometheus.PrometheusRuleFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code neuronwatch rules}: prints the Prometheus alerting-rules file for the server's thresholds,
 * so that Prometheus alerts on exactly what the server's own rules do.
 *
 * <pre>{@code
 * ./neuronwatch rules --config neuronwatch.yml > deploy/prometheus/rules/neuronwatch-rules.yml
 * }</pre>
 */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = {
      "Print the Prometheus alerting rules for the server's thresholds (the same rules the server"
          + " evaluates itself).",
      "The committed deploy/prometheus/rules/neuronwatch-rules.yml is this output for the defaults."
    })
final class RulesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML server configuration whose 'rules' to use (default: none, the defaults).")
  Path config;

  @Option(
      names = "--runbook-base",
      paramLabel = "URL",
      description =
          "Where the alerts' runbook_url links point; 'alert-<name>' is appended"
              + " (default: ${DEFAULT-VALUE}).")
  String runbookBase = PrometheusRuleFile.RUNBOOK_BASE;

  @Override
  public Integer call() {
    String rules;
    try {
      rules = PrometheusRuleFile.render(settings(), runbookBase);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--runbook-base", e.getMessage());
    }
    spec.commandLine().getOut().print(rules);
    spec.commandLine().getOut().flush();
    return 0;
  }

  private RuleSettings settings() {
    if (config == null) {
      return RuleSettings.defaults();
    }
    if (!Files.isReadable(config)) {
      throw new UsageException("--config", "cannot read file '" + config + "'");
    }
    try {
      return ServerConfig.fromYaml(config).rules();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + config + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--config", e.getMessage());
    }
  }
}
