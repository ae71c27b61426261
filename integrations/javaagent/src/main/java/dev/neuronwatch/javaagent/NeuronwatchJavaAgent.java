package dev.neuronwatch.javaagent;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.neuronwatch.agent.AgentConfig;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * The {@code -javaagent} entry point: attaches the Deeplearning4j listener to every {@code
 * MultiLayerNetwork} and {@code ComputationGraph} the job creates, without a change to its code.
 *
 * <p>Byte Buddy adds a call at the end of the networks' {@code init} and {@code setListeners}
 * methods that puts a {@code NeuronwatchTrainingListener} among the network's listeners (again,
 * when {@code setListeners} replaced them). Bad arguments are reported on stderr and leave the job
 * running without the agent; nothing the agent does can stop the job.
 *
 * <pre>{@code
 * NEURONWATCH_TOKEN=... java -javaagent:neuronwatch-agent.jar=server=http://127.0.0.1:9750,run=mnist,sampleEvery=10 -jar job.jar
 * }</pre>
 */
public final class NeuronwatchJavaAgent {
  private static final String MULTI_LAYER = "org.deeplearning4j.nn.multilayer.MultiLayerNetwork";
  private static final String GRAPH = "org.deeplearning4j.nn.graph.ComputationGraph";

  private NeuronwatchJavaAgent() {}

  /** Called by the JVM before {@code main}. */
  public static void premain(String arguments, Instrumentation instrumentation) {
    try {
      AgentArguments options = AgentArguments.parse(arguments, System.getenv());
      AgentConfig.Builder config =
          AgentConfig.builder().serverUri(options.server()).sampleEvery(options.sampleEvery());
      if (options.token() != null) {
        config.token(options.token());
      }
      config
          .run(options.run())
          .build(); // validates the run name and the rest now, not mid-training
      NetworkAttacher.install(new NetworkAttacher(config, options.run(), options.sampleEvery()));
      instrument(instrumentation);
    } catch (Throwable t) {
      System.err.println("neuronwatch-agent: not attached: " + message(t));
    }
  }

  private static void instrument(Instrumentation instrumentation) {
    new AgentBuilder.Default()
        .disableClassFormatChanges()
        .with(AgentBuilder.Listener.StreamWriting.toSystemError().withErrorsOnly())
        .type(named(MULTI_LAYER).or(named(GRAPH)))
        .transform(NeuronwatchJavaAgent::addAdvice)
        .installOn(instrumentation);
  }

  private static DynamicType.Builder<?> addAdvice(
      DynamicType.Builder<?> builder,
      TypeDescription type,
      ClassLoader loader,
      JavaModule module,
      java.security.ProtectionDomain domain) {
    return builder.visit(
        Advice.to(AttachAdvice.class).on(isPublic().and(named("init").or(named("setListeners")))));
  }

  private static String message(Throwable t) {
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
