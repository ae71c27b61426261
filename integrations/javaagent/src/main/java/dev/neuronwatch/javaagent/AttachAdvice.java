package dev.neuronwatch.javaagent;

import net.bytebuddy.asm.Advice;

/**
 * Inlined by Byte Buddy at the end of the networks' {@code init} and {@code setListeners}: makes
 * sure the network has its Neuronwatch listener.
 */
final class AttachAdvice {
  private AttachAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.This Object network) {
    NetworkAttacher.attach(network);
  }
}
