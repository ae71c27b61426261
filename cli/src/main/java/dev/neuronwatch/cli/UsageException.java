package dev.neuronwatch.cli;

/** A flag value the command refuses; the launcher prints its message and exits with status 2. */
final class UsageException extends RuntimeException {
  UsageException(String flag, String reason) {
    super("invalid value for option '" + flag + "': " + reason + " (see --help)");
  }
}
