package io.jtop.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** When {@code jtop top -b} takes its next snapshot (times in ns, a period of 1 s). */
class TopCommandTest {

    private static final long S = 1_000_000_000L;

    @Test
    void aTickShorterThanThePeriodDoesNotPushTheNextOneBack() {
        assertEquals(11 * S, TopCommand.nextDue(10 * S, 10 * S + S / 3, S));
    }

    @Test
    void afterATickThatOverranItsPeriodTheNextComesAPeriodLaterNotAtOnce() {
        // A tick due at 10 s that ended at 13.6 s (a starved JVM, a slow engine): a snapshot at
        // 13.6 s would measure CPU % over the few ms since that tick's reads.
        assertEquals(14_600_000_000L, TopCommand.nextDue(10 * S, 13_600_000_000L, S));
        assertEquals(13 * S, TopCommand.nextDue(10 * S, 12 * S, S), "due exactly now is overrun too");
    }
}
