package dev.neuronwatch.server.store;

/**
 * What {@link RunStore#apply} did with one push: {@code accepted} samples stored, {@code
 * duplicates} skipped because the run already held their step (a retry of a push whose answer was
 * lost), both into attempt number {@code attempt} of the run (from 1), which this push started when
 * {@code newAttempt}.
 *
 * <pre>{@code
 * Applied applied = store.apply(push, Instant.now(), listener);
 * long delivered = applied.accepted() + applied.duplicates();
 * }</pre>
 */
public record Applied(int accepted, int duplicates, int attempt, boolean newAttempt) {}
