/**
 * The push protocol between agents and the server: {@link dev.neuronwatch.protocol.Protocol} (the
 * push path and the limits every valid message obeys), the wire records, immutable and validated in
 * their constructors ({@link dev.neuronwatch.protocol.PushRequest} and what it holds), and their
 * codec, {@link dev.neuronwatch.protocol.WireJson}: strict, its decoding names the faulty field of
 * a bad body ({@link dev.neuronwatch.protocol.WireError}).
 */
package dev.neuronwatch.protocol;
