package dev.neuronwatch.cli;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.AgentStatus;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.protocol.Alert;
import dev.neuronwatch.trainer.Progress;
import dev.neuronwatch.trainer.Trainer;
import dev.neuronwatch.trainer.TrainingConfig;
import dev.neuronwatch.trainer.TrainingResult;
import java.io.PrintWriter;
import java.util.List;

/**
 * One training run of the reference network with the agent attached: prints progress and alerts as
 * they arrive, and returns the run's summary. Shared by {@code train} and {@code demo}.
 */
final class TrainingSession {
  private final PrintWriter out;
  private final AgentConfig agent;
  private final boolean printProgress;
  private final String token;

  /**
   * {@code agent}: the agent's settings, whose run name and alert listener each run replaces;
   * {@code token}: the server's write token, or null when it requires none.
   */
  TrainingSession(PrintWriter out, AgentConfig agent, boolean printProgress, String token) {
    this.out = out;
    this.agent = agent;
    this.printProgress = printProgress;
    this.token = token;
  }

  TrainingReport run(String runName, String scenario, TrainingConfig config) {
    AlertFeed alerts = new AlertFeed(out, "  [" + runName + "] ");
    AgentConfig agentConfig =
        agent.toBuilder()
            .run(runName)
            .alertListener(alerts)
            .token(token == null || token.isEmpty() ? null : token)
            .build();
    TrainingResult result;
    NeuronwatchAgent agent = NeuronwatchAgent.start(agentConfig);
    try {
      result = Trainer.train(config, agent, this::printProgress);
      agent.finish();
    } finally {
      agent.close();
    }
    return summary(runName, scenario, result, alerts.received(), agent.status());
  }

  /** The same training without an agent: nothing sampled or pushed, no alerts. */
  TrainingReport runWithoutAgent(String runName, String scenario, TrainingConfig config) {
    TrainingResult result = Trainer.train(config, null, this::printProgress);
    return summary(runName, scenario, result, List.of(), new AgentStatus(0, 0, 0, 0, 0));
  }

  private static TrainingReport summary(
      String runName,
      String scenario,
      TrainingResult result,
      List<Alert> alerts,
      AgentStatus agent) {
    return new TrainingReport(
        runName,
        scenario,
        result.steps(),
        result.finalLoss(),
        result.finalAccuracy(),
        result.validationLoss(),
        result.validationAccuracy(),
        result.diverged(),
        result.stoppedEarly(),
        alerts,
        agent);
  }

  private void printProgress(Progress p) {
    if (!printProgress) {
      return;
    }
    StringBuilder line =
        new StringBuilder(String.format("step %6d  loss %.5g", p.step(), p.trainLoss()));
    if (p.trainAccuracy() != null) {
      line.append(String.format("  acc %.3f", p.trainAccuracy()));
    }
    if (p.validationLoss() != null) {
      line.append(String.format("  val_loss %.5g", p.validationLoss()));
    }
    if (p.validationAccuracy() != null) {
      line.append(String.format("  val_acc %.3f", p.validationAccuracy()));
    }
    out.println(line);
  }
}
