package io.jtop.engine.lifecycle;

import java.io.IOException;

/** Receives a container's output from a {@link LogReader} as it was written, piece by piece. */
public interface LogSink {

    /**
     * Bytes {@code b[off, off + len)} of a line of {@code entry.stream()}, valid only during the call.
     *
     * @param first whether they start the line ({@code entry.time()} is then when it was logged)
     * @param end   whether the line ends after them (the container wrote a newline, not included)
     */
    void piece(LogEntry entry, byte[] b, int off, int len, boolean first, boolean end) throws IOException;

    /** Everything written so far has been handed over (a follower is about to wait for more). */
    default void caughtUp() throws IOException {
    }
}
