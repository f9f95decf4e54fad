package io.jtop.backend.docker;

/**
 * Delays between reconnection attempts: doubling from {@code first} up to {@code max}, back to
 * {@code first} once a connection holds. Not thread-safe: one reconnecting thread owns it.
 */
public final class Backoff {

    private final long firstMillis;
    private final long maxMillis;
    private long next;

    public Backoff(long firstMillis, long maxMillis) {
        if (firstMillis <= 0 || maxMillis < firstMillis) {
            throw new IllegalArgumentException("backoff needs 0 < first <= max, not " + firstMillis + ", " + maxMillis);
        }
        this.firstMillis = firstMillis;
        this.maxMillis = maxMillis;
        this.next = firstMillis;
    }

    /** The delay before the next attempt; each call doubles the one after, up to the maximum. */
    public long nextMillis() {
        long now = next;
        next = Math.min(maxMillis, next * 2);
        return now;
    }

    /** After a success: the next failure waits the first delay again. */
    public void reset() {
        next = firstMillis;
    }
}
