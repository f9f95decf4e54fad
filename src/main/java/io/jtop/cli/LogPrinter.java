package io.jtop.cli;

import io.jtop.container.LogLine;
import io.jtop.engine.lifecycle.LogEntry;
import io.jtop.engine.lifecycle.LogReader;
import io.jtop.engine.lifecycle.LogSink;
import io.jtop.text.TerminalText;
import io.jtop.text.Utf8;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Prints a container's output on standard output and error, each line on the stream it came from:
 * to a pipe or a file byte for byte as the container wrote it, to a terminal escaped
 * ({@link TerminalText#escaping}) so that none of it acts on the terminal (with {@code -t}, each line
 * after the time it was logged).
 * A line goes out whole when its end is read (one of up to 1 MiB), so that the other stream's lines,
 * which conmon may log between its pieces, come before or after it, not inside: lines are in the order
 * in which they ended. A stream's buffer is flushed when the other stream is written to and whenever
 * the reader has caught up, so a follower sees lines at once and two streams sent to one file keep
 * their order.
 */
final class LogPrinter implements LogSink, AutoCloseable {

    private static final int BUFFER = 1 << 16;
    /**
     * Bytes of a line held until its end: conmon may log a piece of one stream's line, then the
     * other stream's, then the rest, and a terminal showing both would get the other line in the
     * middle of this one. A longer line is written as it comes (memory stays bounded).
     */
    private static final int HOLD = 1 << 20;

    private final OutputStream out;
    private final OutputStream err;
    /** The escaping streams under {@link #out} and {@link #err}, finished at the end; null for a pipe or file. */
    private final TerminalText.Stream[] escaping;
    private final boolean timestamps;
    private OutputStream last;
    /** Per stream, the line being read, until its end or {@link #HOLD} bytes. */
    private final ByteArrayOutputStream[] held = {
        new ByteArrayOutputStream(), new ByteArrayOutputStream()};

    /** Whoever reads the output has gone (a closed pipe): there is no point in reading on. */
    static final class OutputClosed extends IOException {
        OutputClosed(IOException cause) {
            super("output closed: " + cause.getMessage(), cause);
        }
    }

    /** A printer on a command's standard streams: byte for byte, or escaped where it may be a terminal. */
    static LogPrinter of(Console console, boolean timestamps) {
        return new LogPrinter(console.outBytes(), console.errBytes(), timestamps);
    }

    LogPrinter(OutputStream out, OutputStream err, boolean timestamps) {
        this.escaping = new TerminalText.Stream[] {
            out instanceof TerminalText.Stream s ? s : null, err instanceof TerminalText.Stream s ? s : null};
        this.out = new BufferedOutputStream(out, BUFFER);
        this.err = new BufferedOutputStream(err, BUFFER);
        this.timestamps = timestamps;
    }

    @Override
    public void piece(LogEntry entry, byte[] b, int off, int len, boolean first, boolean end) throws IOException {
        int s = entry.stream().ordinal();
        ByteArrayOutputStream line = held[s];
        if (first && timestamps) {
            line.writeBytes(stamp(entry.time()));
        }
        line.write(b, off, len);
        if (end) {
            line.write('\n');
        }
        if (end || line.size() >= HOLD) {
            release(s);
        }
    }

    /** Writes what is held of a stream's line. */
    private void release(int s) throws IOException {
        ByteArrayOutputStream line = held[s];
        if (line.size() == 0) {
            return;
        }
        OutputStream to = to(s == LogReader.Stream.STDERR.ordinal());
        try {
            line.writeTo(to);
        } catch (IOException e) {
            throw new OutputClosed(e);
        }
        line.reset();
    }

    /** A whole line from a backend that gives lines (an engine's API). */
    void line(LogLine l) {
        try {
            OutputStream to = to(l.stderr());
            if (timestamps && l.time() != null) {
                to.write(stamp(l.time()));
            }
            to.write(Utf8.encode(l.text())); // the bytes the engine sent, invalid ones included
            to.write('\n');
            caughtUp();
        } catch (IOException e) {
            throw new UncheckedIOException(new OutputClosed(e));
        }
    }

    private static byte[] stamp(Instant time) {
        return (time + " ").getBytes(StandardCharsets.US_ASCII);
    }

    /** The stream to write to, the other one flushed first if it was the last written. */
    private OutputStream to(boolean stderr) throws IOException {
        OutputStream to = stderr ? err : out;
        if (last != null && last != to) {
            try {
                last.flush();
            } catch (IOException e) {
                throw new OutputClosed(e);
            }
        }
        last = to;
        return to;
    }

    @Override
    public void caughtUp() throws IOException {
        for (int s = 0; s < held.length; s++) {
            release(s); // a line not ended yet (a prompt) shows while the follower waits
        }
        try {
            out.flush();
            err.flush();
        } catch (IOException e) {
            throw new OutputClosed(e);
        }
    }

    @Override
    public void close() {
        try {
            caughtUp();
            for (TerminalText.Stream s : escaping) {
                if (s != null) {
                    s.finish(); // what it held back: the end of a line without its newline
                }
            }
        } catch (IOException e) {
            // nobody reads any more: nothing to tell them
        }
    }
}
