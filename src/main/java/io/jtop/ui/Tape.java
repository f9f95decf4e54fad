package io.jtop.ui;

import io.jtop.metrics.Snapshot;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * A recording as the replay plays it: its ticks in recorded order, indexed by time. The command
 * line reads the files and hands one over; the UI knows nothing of the format. Safe to read from
 * any thread: a tape never changes, {@link #reread} makes a new one.
 */
public interface Tape {

    /** A name for the header: the recording's file. */
    String name();

    /** How many ticks it holds. */
    int size();

    /** The time of tick {@code i}. */
    Instant time(int i);

    /** The index of the last tick at or before {@code t}, or -1 when the recording starts after it. */
    int indexAt(Instant t);

    /**
     * Ticks {@code from} to {@code to - 1}, decoded in order; an IllegalStateException, whose
     * message is one line for a user, when the recording is damaged there.
     */
    List<Snapshot> snapshots(int from, int to);

    /** A time as the user typed it (as {@code --at} takes it), or null when it is none. */
    Instant parse(String time);

    /** What was lost to damage, one line, or null when nothing was. */
    String damage();

    /** The recording as it is on disk now: a recorder may have appended ticks since it was read. */
    Tape reread() throws IOException;
}
