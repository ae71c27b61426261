package dev.neuronwatch.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the layering the README describes: pure logic apart from frameworks and I/O. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.neuronwatch");
  }

  @Test
  void protocolDependsOnNoOtherNeuronwatchModule() {
    noClasses()
        .that()
        .resideInAPackage("dev.neuronwatch.protocol..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.neuronwatch.agent..",
            "dev.neuronwatch.server..",
            "dev.neuronwatch.trainer..",
            "dev.neuronwatch.cli..")
        .check(classes);
  }

  @Test
  void agentKnowsNothingOfServerTrainerOrFrameworks() {
    noClasses()
        .that()
        .resideInAPackage("dev.neuronwatch.agent..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.neuronwatch.server..",
            "dev.neuronwatch.trainer..",
            "dev.neuronwatch.cli..",
            "io.javalin..",
            "io.micrometer..",
            "org.slf4j..")
        .check(classes);
  }

  @Test
  void onlyTheHttpPackageTouchesJavalin() {
    noClasses()
        .that()
        .resideInAPackage("dev.neuronwatch.server..")
        .and()
        .resideOutsideOfPackage("dev.neuronwatch.server.http..")
        .and()
        .doNotHaveFullyQualifiedName("dev.neuronwatch.server.NeuronwatchServer")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.javalin..")
        .check(classes);
  }

  @Test
  void rulesAreFreeOfFrameworksAndIo() {
    noClasses()
        .that()
        .resideInAPackage("dev.neuronwatch.server.rules")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.javalin..", "io.micrometer..", "java.net..", "java.nio.file..")
        .check(classes);
  }

  @Test
  void statisticsAndNetworkMathsDoNoIo() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.neuronwatch.agent.stats..", "dev.neuronwatch.trainer.nn..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.net..", "java.nio.file..", "java.io..", "dev.neuronwatch.agent.push..")
        .check(classes);
  }

  @Test
  void serverDoesNotDependOnTheAgentOrTrainer() {
    noClasses()
        .that()
        .resideInAPackage("dev.neuronwatch.server..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.neuronwatch.agent..", "dev.neuronwatch.trainer..")
        .check(classes);
  }

  @Test
  void noPackageDependsOnItselfThroughAnother() {
    slices().matching("dev.neuronwatch.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void theServerIsLayeredHttpOverIngestOverStoreRulesAndMetrics() {
    String server = "dev.neuronwatch.server.";
    noClasses()
        .that()
        .resideInAPackage(server + "ingest..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(server + "http..")
        .check(classes);
    noClasses()
        .that()
        .resideInAnyPackage(server + "store..", server + "metrics..", server + "history..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(server + "http..", server + "ingest..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage(server + "rules")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            server + "http..",
            server + "ingest..",
            server + "store..",
            server + "metrics..",
            server + "history..")
        .check(classes);
  }
}
