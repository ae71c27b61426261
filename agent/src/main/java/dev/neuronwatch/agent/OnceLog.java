package dev.neuronwatch.agent;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs a problem at WARNING the first time its key is seen and at DEBUG after that, so a mistake
 * repeated every sampled step (a wrong array length) produces one visible line, not thousands. Keys
 * are a small, fixed vocabulary (a kind of problem, a layer name).
 */
final class OnceLog {
  private final Logger logger;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  OnceLog(Logger logger) {
    this.logger = logger;
  }

  void log(String key, String message, Throwable cause) {
    Level level = seen.add(key) ? Level.WARNING : Level.DEBUG;
    if (logger.isLoggable(level)) {
      logger.log(level, message, cause);
    }
  }
}
