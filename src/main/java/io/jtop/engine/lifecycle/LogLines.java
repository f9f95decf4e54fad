package io.jtop.engine.lifecycle;

import io.jtop.text.Utf8;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * Joins a reader's pieces into whole lines for views that show lines (the UI): each stream's pieces
 * until the entry that ends the line, the time being its first piece's. A line longer than
 * {@link #CAP} bytes keeps its first {@code CAP} bytes and ends with a marker saying how long it was,
 * so a line of any length costs bounded memory. A line whose end is not logged is handed over, partial,
 * by {@link #flush}.
 */
public final class LogLines implements LogSink {

    /** Bytes of a line kept; the rest is counted, not kept. */
    public static final int CAP = 8 * 1024;

    private final Consumer<LogReader.Line> out;
    private final Pending[] pending = new Pending[LogReader.Stream.values().length];

    private static final class Pending {
        final byte[] bytes = new byte[CAP];
        int kept;
        long total;
        Instant time;
        boolean open;
    }

    public LogLines(Consumer<LogReader.Line> out) {
        this.out = out;
    }

    @Override
    public void piece(LogEntry entry, byte[] b, int off, int len, boolean first, boolean end) {
        int s = entry.stream().ordinal();
        Pending p = pending[s];
        if (p == null) {
            p = new Pending();
            pending[s] = p;
        }
        if (first && p.open) {
            deliver(entry.stream(), p, true); // a line cut short: a new one begins
        }
        if (!p.open) {
            p.open = true;
            p.time = entry.time();
        }
        int keep = Math.min(len, CAP - p.kept);
        System.arraycopy(b, off, p.bytes, p.kept, keep);
        p.kept += keep;
        p.total += len;
        if (end) {
            deliver(entry.stream(), p, false);
        }
    }

    /** Hands over the lines whose end is not logged, as partial lines. */
    public void flush() {
        for (LogReader.Stream s : LogReader.Stream.values()) {
            Pending p = pending[s.ordinal()];
            if (p != null && p.open) {
                deliver(s, p, true);
            }
        }
    }

    @Override
    public void caughtUp() {
    }

    private void deliver(LogReader.Stream s, Pending p, boolean partial) {
        boolean cut = p.total > p.kept;
        // Invalid bytes are kept (as Utf8's escapes), so the views can show them; a character that
        // the cut split is left out whole.
        String text = Utf8.decode(p.bytes, 0, cut ? wholeCharacters(p.bytes, p.kept) : p.kept);
        if (cut) {
            text += cutMarker(p.total);
        }
        out.accept(new LogReader.Line(p.time, s, text, partial));
        p.open = false;
        p.kept = 0;
        p.total = 0;
        p.time = null;
    }

    /** How many of the first {@code n} bytes end on a character's end: a UTF-8 sequence cut at n is dropped. */
    static int wholeCharacters(byte[] b, int n) {
        int start = n;
        while (start > 0 && n - start < 4 && (b[start - 1] & 0xC0) == 0x80) {
            start--; // continuation bytes
        }
        if (start == 0) {
            return n;
        }
        int lead = b[start - 1] & 0xFF;
        int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        int have = n - start + 1;
        return length > 1 && have < length ? start - 1 : n;
    }

    /** What ends a line cut at {@link #CAP}: its length in all. */
    static String cutMarker(long total) {
        return " …[line cut: " + total + " bytes]";
    }
}
