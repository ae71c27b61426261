package dev.neuronwatch.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest, or says it runs from classes. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = NeuronwatchCli.class.getPackage().getImplementationVersion();
    return new String[] {"neuronwatch " + (version == null ? "(development build)" : version)};
  }
}
