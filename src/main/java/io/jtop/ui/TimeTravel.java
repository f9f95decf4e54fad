package io.jtop.ui;

import io.jtop.text.TerminalText;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Where a replay is in its recording, and how the keys move it: a tick on or back, a minute on or
 * back, to a typed time, to the first or the last tick. Each move returns the line the status line
 * shows ({@link Travel#ERROR} first for an error) or null, and never leaves the recording's
 * bounds. A move past the last tick reads the file again first: a recorder may still be writing it.
 * Pure but for that read; UI thread only.
 */
final class TimeTravel implements Travel {

    /** How times are shown: the header's clock, and the messages'. */
    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private Tape tape;
    /** The tick shown; -1 while nothing is recorded. */
    private int index;

    /** At tick {@code index} of the tape, or its last tick when that is out of bounds. */
    TimeTravel(Tape tape, int index) {
        this.tape = tape;
        this.index = index >= 0 && index < tape.size() ? index : tape.size() - 1;
    }

    Tape tape() {
        return tape;
    }

    /** The tick shown, or -1 while nothing is recorded. */
    int index() {
        return index;
    }

    @Override
    public String step(int ticks) {
        if (ticks > 0 && index + ticks >= tape.size()) {
            String failed = reread();
            if (failed != null) {
                return failed;
            }
        }
        return moveTo(Math.max(0, Math.min(tape.size() - 1, index + ticks)), ticks);
    }

    @Override
    public String minutes(int minutes) {
        if (tape.size() == 0) {
            return step(minutes);
        }
        Instant target = tape.time(index).plus(MINUTE.multipliedBy(minutes));
        if (minutes > 0 && target.isAfter(tape.time(tape.size() - 1))) {
            String failed = reread();
            if (failed != null) {
                return failed;
            }
        }
        int to = Math.max(0, tape.indexAt(target)); // before the first tick: the first
        if (minutes > 0 && to == index && index < tape.size() - 1) {
            to = index + 1; // nothing recorded for more than a minute: the next tick
        }
        return moveTo(to, minutes);
    }

    @Override
    public String at(String text) {
        Instant t = tape.parse(text.trim());
        if (t == null) {
            return ERROR + "not a time: '" + TerminalText.line(text) + "' (e.g. 03:00, 03:00:05, 2026-12-06T03:00:00"
                    + " or 2026-12-06T03:00:00Z)";
        }
        if (tape.size() == 0 || t.isAfter(tape.time(tape.size() - 1))) {
            String failed = reread();
            if (failed != null) {
                return failed;
            }
        }
        if (tape.size() == 0) {
            return nothingYet();
        }
        int to = tape.indexAt(t);
        if (to < 0) {
            return ERROR + "the recording starts at " + CLOCK.format(tape.time(0)) + ", after " + CLOCK.format(t);
        }
        index = to;
        return t.isAfter(tape.time(to)) && to == tape.size() - 1
                ? "the recording ends at " + CLOCK.format(tape.time(to)) + ", before " + CLOCK.format(t) : null;
    }

    @Override
    public String first() {
        return tape.size() == 0 ? nothingYet() : moveTo(0, -1);
    }

    @Override
    public String last() {
        String failed = reread();
        return failed != null ? failed : tape.size() == 0 ? nothingYet() : moveTo(tape.size() - 1, 1);
    }

    @Override
    public String shown() {
        return index < 0 ? "" : CLOCK.format(tape.time(index)).replace(' ', 'T');
    }

    private String moveTo(int to, int direction) {
        if (tape.size() == 0) {
            return nothingYet();
        }
        if (to == index) {
            return direction < 0 ? "the recording's first tick, " + CLOCK.format(tape.time(index))
                    : "the recording's last tick, " + CLOCK.format(tape.time(index))
                    + " (a recorder still writing adds more: ] reads them)";
        }
        index = to;
        return null;
    }

    private String nothingYet() {
        return "nothing recorded yet in " + TerminalText.line(tape.name()) + " (] reads it again)";
    }

    /** The file again, the same tick kept; an error line when it cannot be read any more. */
    private String reread() {
        try {
            Tape now = tape.reread();
            if (index >= 0 && (index >= now.size() || !now.time(index).equals(tape.time(index)))) {
                // Rotated or rewritten under us: the same time, as near as the new file has it.
                int at = now.indexAt(tape.time(index));
                index = at >= 0 ? at : now.size() > 0 ? 0 : -1;
            }
            tape = now;
            return null;
        } catch (IOException | RuntimeException e) {
            return ERROR + "cannot read " + TerminalText.line(tape.name()) + " again: "
                    + TerminalText.line(String.valueOf(e.getMessage()));
        }
    }
}
