package io.jtop.ui;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the replay's keys move through a made-up recording: a tick, a minute, a typed time, its bounds. */
class TimeTravelTest {

    /** Ticks every 10 s for 5 minutes: 31 ticks. */
    private final MadeUpTape tape = new MadeUpTape("web", MadeUpTape.every(10, 300));

    private static Instant t(int seconds) {
        return MadeUpTape.T0.plusSeconds(seconds);
    }

    private static Instant shown(TimeTravel tt) {
        return tt.tape().time(tt.index());
    }

    @Test
    void opensAtTheGivenTickOrTheLast() {
        assertEquals(30, new TimeTravel(tape, -1).index());
        assertEquals(30, new TimeTravel(tape, 99).index());
        assertEquals(4, new TimeTravel(tape, 4).index());
    }

    @Test
    void stepsOneRecordedTickAndStopsAtTheBounds() {
        TimeTravel tt = new TimeTravel(tape, 1);
        assertNull(tt.step(-1));
        assertEquals(t(0), shown(tt));
        String first = tt.step(-1);
        assertEquals(0, tt.index(), "nothing before the first tick");
        assertEquals("the recording's first tick, " + TimeTravel.CLOCK.format(t(0)), first);
        assertNull(tt.step(1));
        assertEquals(t(10), shown(tt));

        tt = new TimeTravel(tape, 30);
        String last = tt.step(1);
        assertEquals(30, tt.index(), "nothing after the last tick");
        assertTrue(last.startsWith("the recording's last tick, " + TimeTravel.CLOCK.format(t(300))), last);
        assertNull(tt.step(-1));
        assertEquals(t(290), shown(tt));
    }

    @Test
    void aMinuteIsTheLastTickAtOrBeforeAMinuteAway() {
        TimeTravel tt = new TimeTravel(tape, 3); // 00:30
        assertNull(tt.minutes(1));
        assertEquals(t(90), shown(tt));
        assertNull(tt.minutes(-1));
        assertEquals(t(30), shown(tt));
        assertNull(tt.minutes(-1), "less than a minute recorded before: the first tick");
        assertEquals(t(0), shown(tt));
        assertTrue(tt.minutes(-1).startsWith("the recording's first tick"));

        tt = new TimeTravel(tape, 27); // 04:30
        assertNull(tt.minutes(1), "less than a minute recorded after: the last tick");
        assertEquals(t(300), shown(tt));
        assertTrue(tt.minutes(1).startsWith("the recording's last tick"));
    }

    @Test
    void aMinuteOnOverAGapInTheRecordingIsTheNextTick() {
        // Nothing recorded between 00:10 and 05:00 (jtop record was stopped).
        TimeTravel tt = new TimeTravel(new MadeUpTape("web", 0, 10, 300, 310), 1);
        assertNull(tt.minutes(1));
        assertEquals(t(300), shown(tt));
        assertNull(tt.minutes(-1));
        assertEquals(t(10), shown(tt), "the last tick at or before a minute back");
    }

    @Test
    void aTypedTimeIsTheLastTickAtOrBeforeIt() {
        TimeTravel tt = new TimeTravel(tape, 30);
        assertNull(tt.at("2026-12-06T03:01:15Z"));
        assertEquals(t(70), shown(tt));
        assertNull(tt.at("  2026-12-06T03:00:00Z "), "blanks around it are no matter");
        assertEquals(t(0), shown(tt));
        assertEquals("the recording ends at " + TimeTravel.CLOCK.format(t(300)) + ", before "
                + TimeTravel.CLOCK.format(t(3600)), tt.at("2026-12-06T04:00:00Z"));
        assertEquals(t(300), shown(tt));
    }

    @Test
    void aBadTimeIsAnErrorLineAndTheReplayStaysWhereItWas() {
        TimeTravel tt = new TimeTravel(tape, 12);
        String bad = tt.at("yesterday\u001b[2J");
        assertTrue(bad.startsWith(Travel.ERROR + "not a time: 'yesterday\\x1b[2J' (e.g. 03:00"), bad);
        assertEquals(12, tt.index());
        String before = tt.at("2026-12-06T02:00:00Z");
        assertEquals(Travel.ERROR + "the recording starts at " + TimeTravel.CLOCK.format(t(0)) + ", after "
                + TimeTravel.CLOCK.format(t(-3600)), before);
        assertEquals(12, tt.index());
        assertEquals(Travel.ERROR + "not a time: '' (e.g. 03:00, 03:00:05, 2026-12-06T03:00:00 or "
                + "2026-12-06T03:00:00Z)", tt.at(""));
    }

    @Test
    void firstAndLast() {
        TimeTravel tt = new TimeTravel(tape, 12);
        assertNull(tt.first());
        assertEquals(0, tt.index());
        assertNull(tt.last());
        assertEquals(30, tt.index());
        assertEquals("2026-12-06T" + TimeTravel.CLOCK.format(t(300)).substring(11), tt.shown());
    }

    @Test
    void pastTheEndTheFileIsReadAgainForTicksWrittenSince() {
        TimeTravel tt = new TimeTravel(new MadeUpTape("web", 0, 1, 2).grows(0, 1, 2, 3, 4), 2);
        assertNull(tt.step(1), "a recorder still writing: its newer tick");
        assertEquals(t(3), shown(tt));
        assertEquals(5, tt.tape().size());
        assertNull(tt.last());
        assertEquals(t(4), shown(tt));
    }

    @Test
    void anEmptyRecordingSaysSoUntilItHoldsATick() {
        MadeUpTape empty = new MadeUpTape("web").grows(0, 1);
        TimeTravel tt = new TimeTravel(new MadeUpTape("web"), 0);
        assertEquals(-1, tt.index());
        assertEquals("", tt.shown());
        assertEquals("nothing recorded yet in /tmp/made-up (] reads it again)", tt.step(-1));
        assertEquals("nothing recorded yet in /tmp/made-up (] reads it again)", tt.minutes(-1));
        assertEquals("nothing recorded yet in /tmp/made-up (] reads it again)", tt.first());
        assertEquals("nothing recorded yet in /tmp/made-up (] reads it again)", tt.at("2026-12-06T03:00:00Z"));
        assertEquals(-1, tt.index());

        tt = new TimeTravel(empty, 0);
        assertNull(tt.step(1), "the recorder wrote its first ticks");
        assertEquals(t(0), shown(tt));
    }

    @Test
    void aFileGoneIsAnErrorLineAndTheReplayKeepsWhatItRead() {
        TimeTravel tt = new TimeTravel(new MadeUpTape("web", 0, 1, 2).vanishes(), 2);
        assertEquals(Travel.ERROR + "cannot read /tmp/made-up again: /tmp/made-up: no such file or directory",
                tt.step(1));
        assertEquals(2, tt.index());
        assertNull(tt.step(-1));
        assertEquals(t(1), shown(tt));
    }
}
