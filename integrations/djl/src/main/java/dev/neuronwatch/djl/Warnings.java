package dev.neuronwatch.djl;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Logs each distinct problem once, so a broken layer cannot flood the training's log. */
final class Warnings {
  private final Logger log;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  Warnings(Class<?> owner) {
    this.log = System.getLogger(owner.getName());
  }

  void once(String key, String message, Throwable cause) {
    if (seen.add(key)) {
      if (cause == null) {
        log.log(Level.WARNING, message);
      } else {
        log.log(Level.WARNING, message, cause);
      }
    }
  }
}
