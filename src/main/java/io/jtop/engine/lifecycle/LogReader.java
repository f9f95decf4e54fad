package io.jtop.engine.lifecycle;

import io.jtop.text.Utf8;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Reads conmon's {@code k8s-file} logs ({@link LogEntry}) as bytes, in memory bounded by its buffers
 * whatever the size of the log or of a line.
 *
 * <p>It stays one class of about 550 lines: finding the last n lines (reading back) and handing
 * them over (reading forward, then following) share the list of files, one buffer and the position
 * where one hands over to the other; apart, each would need the other's state.
 *
 * <p>A log is a list of files read as one, oldest first: the kept files of earlier runs
 * ({@link LogFiles}) and the current one, which conmon appends to. {@link #skipToLast} finds where
 * the last n lines start by reading back from the end; {@link #read} then hands everything from there
 * to the end as it was when the reader was opened, and {@link #follow} goes on with what is appended,
 * reading only new bytes. conmon replaces the current file when it reaches its size limit (a new file
 * renamed over it) and jtop renames it away when the container starts again: a follower reads the
 * file it has open to its end, then the new one from its start. A file truncated in place is read
 * again from its start.
 *
 * <p>Lines are ordered by their last entry: a line's pieces may be interleaved with the other
 * stream's entries, and it counts where it ends. A line whose end is not logged yet counts where its
 * last piece is. Malformed entries are skipped. An entry cut short at the end of a file (a write that
 * was interrupted) is handed over as far as it goes, as a piece that does not end its line.
 */
public final class LogReader implements Closeable {

    private static final int BACK_BLOCK = 1 << 16;
    private static final int BUFFER = 1 << 18;
    private static final int STREAMS = Stream.values().length;
    /** A position in the log: the file's index in the high bits, the offset in it in the low ones. */
    private static final int OFFSET_BITS = 48;

    private final Path current;
    private final List<Segment> segments = new ArrayList<>();
    private final LogEntry entry = new LogEntry();
    private final byte[] buf = new byte[BUFFER];
    private final byte[] header = new byte[LogEntry.MAX_HEADER];

    /** Per stream: entries before this position are not handed over ({@link #skipToLast}). */
    private final long[] from = new long[STREAMS];
    /** Per stream: whether the next piece continues a line already begun. */
    private final boolean[] inLine = new boolean[STREAMS];

    // The forward read: segment index, the file offset of buf[0], unconsumed bytes [head, tail).
    private int seg;
    private long bufOffset;
    private int head;
    private int tail;
    private int scanned;
    /** Inside an entry longer than the buffer: its header was parsed, its text is handed over in chunks. */
    private boolean longEntry;
    private boolean longEntryShown;

    public enum Stream { STDOUT, STDERR }

    /** One line as {@link LogLines} joins it; {@code partial} when its end is not logged (yet). */
    public record Line(Instant time, Stream stream, String text, boolean partial) {}

    private static final class Segment {
        final Path path;
        FileChannel channel;
        Object key;
        /** Where reading stops unless following: the size when opened. */
        long end;

        Segment(Path path) {
            this.path = path;
        }
    }

    /**
     * Opens the log whose current file is {@code current}, with the kept files {@code kept} before it,
     * oldest first. Files that do not exist are left out (the current one is looked for again when
     * following).
     */
    public LogReader(List<Path> kept, Path current) throws IOException {
        this.current = current;
        for (Path p : kept) {
            Segment s = open(p);
            if (s != null) {
                segments.add(s);
            }
        }
        Segment s = open(current);
        segments.add(s != null ? s : new Segment(current));
    }

    /** A reader of a single file. */
    public static LogReader of(Path file) throws IOException {
        return new LogReader(List.of(), file);
    }

    private static Segment open(Path p) throws IOException {
        for (int attempt = 0; attempt < 10; attempt++) {
            Object before = key(p);
            if (before == null) {
                return null;
            }
            FileChannel ch;
            try {
                ch = FileChannel.open(p, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                throw unreadable(p, e);
            }
            // The same file before and after opening: then its key is the open file's.
            if (before.equals(key(p))) {
                Segment s = new Segment(p);
                s.channel = ch;
                s.key = before;
                s.end = ch.size();
                return s;
            }
            ch.close();
        }
        return null;
    }

    /** The file's identity (device and inode), or null when there is none. */
    private static Object key(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static long position(int segment, long offset) {
        return (long) segment << OFFSET_BITS | offset;
    }

    /**
     * Positions the reader at the first of the last {@code n} lines (all of them when negative; none,
     * only what comes next, for 0), reading back from the end entry by entry.
     */
    public void skipToLast(int n) throws IOException {
        if (n < 0) {
            startAt(0, 0);
            return;
        }
        if (n == 0) {
            int last = segments.size() - 1;
            long end = segments.get(last).end;
            Arrays.fill(from, position(last, end));
            startAt(last, end);
            return;
        }
        Back back = new Back(n);
        for (int si = segments.size() - 1; si >= 0 && !back.done(); si--) {
            scanBack(si, back);
        }
        long start = Long.MAX_VALUE;
        for (int s = 0; s < STREAMS; s++) {
            if (!back.decided[s]) {
                back.from[s] = 0; // its line began before the first file
            }
            from[s] = back.from[s];
            start = Math.min(start, from[s]);
        }
        int si = (int) (start >>> OFFSET_BITS);
        startAt(si, start & ((1L << OFFSET_BITS) - 1));
    }

    /** What reading back has found: lines still to count, and per stream where its counted lines begin. */
    private static final class Back {
        int need;
        final boolean[] seen = new boolean[STREAMS];
        final boolean[] open = new boolean[STREAMS];
        final boolean[] decided = new boolean[STREAMS];
        final long[] from = new long[STREAMS];

        Back(int n) {
            need = n;
        }

        boolean done() {
            if (need > 0) {
                return false;
            }
            for (int s = 0; s < STREAMS; s++) {
                if (!decided[s] && open[s]) {
                    return false;
                }
            }
            return true;
        }

        /** An entry of {@code s} at {@code after} (the position just past it), read going backwards. */
        void entry(int s, boolean partial, long after) {
            if (decided[s]) {
                return;
            }
            boolean endsALine = !partial || !seen[s]; // the last entry of a stream ends its last line
            seen[s] = true;
            if (!endsALine) {
                return; // a piece of the line being read back
            }
            if (need > 0) {
                need--;
                open[s] = true;
                if (need == 0) {
                    // Streams with nothing after this point have nothing to show.
                    for (int o = 0; o < STREAMS; o++) {
                        if (!seen[o]) {
                            decided[o] = true;
                            from[o] = after;
                        }
                    }
                }
            } else {
                decided[s] = true;
                from[s] = after;
            }
        }
    }

    /** Reads segment {@code si} backwards, block by block, handing each entry to {@code back}. */
    private void scanBack(int si, Back back) throws IOException {
        Segment sg = segments.get(si);
        if (sg.channel == null) {
            return;
        }
        long size = sg.end;
        long entryEnd = size; // the current entry ends here (its newline, or the end of the file)
        long blockEnd = size;
        while (blockEnd > 0) {
            long blockStart = Math.max(0, blockEnd - BACK_BLOCK);
            int len = (int) (blockEnd - blockStart);
            try {
                readFully(sg.channel, buf, 0, len, blockStart);
            } catch (IOException e) {
                throw unreadable(sg.path, e);
            }
            for (int i = len - 1; i >= 0; i--) {
                if (buf[i] == '\n') {
                    long nl = blockStart + i;
                    backEntry(si, sg, back, nl + 1, entryEnd, blockStart, len);
                    if (back.done()) {
                        return;
                    }
                    entryEnd = nl;
                }
            }
            blockEnd = blockStart;
        }
        backEntry(si, sg, back, 0, entryEnd, 0, (int) Math.min(size, BACK_BLOCK));
    }

    /** One entry {@code [start, stop)} found going backwards; the block in {@code buf} holds {@code [blockStart, +len)}. */
    private void backEntry(int si, Segment sg, Back back, long start, long stop, long blockStart, int len)
            throws IOException {
        if (stop <= start) {
            return; // nothing after the last newline, or an empty line: not an entry
        }
        int h = (int) Math.min(stop - start, LogEntry.MAX_HEADER);
        boolean ok;
        if (start + h <= blockStart + len) {
            int at = (int) (start - blockStart);
            ok = entry.parse(buf, at, at + h);
        } else {
            try {
                readFully(sg.channel, header, 0, h, start);
            } catch (IOException e) {
                throw unreadable(sg.path, e);
            }
            ok = entry.parse(header, 0, h);
        }
        if (ok) {
            long after = stop < sg.end ? stop + 1 : stop;
            back.entry(entry.stream().ordinal(), entry.partial(), position(si, after));
        }
    }

    /** A file that cannot be read, named, with the reason (a {@link FileSystemException}'s message is only the path). */
    private static IOException unreadable(Path p, IOException e) {
        String reason = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        if (reason == null) {
            reason = e instanceof AccessDeniedException ? "permission denied" : e.getClass().getSimpleName();
        }
        return new IOException("cannot read the log " + p + ": " + reason, e);
    }

    private static void readFully(FileChannel ch, byte[] b, int off, int len, long at) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b, off, len);
        while (bb.hasRemaining()) {
            int n = ch.read(bb, at + bb.position() - off);
            if (n < 0) {
                throw new IOException("log file shrank while it was read");
            }
        }
    }

    private void startAt(int si, long offset) {
        seg = si;
        bufOffset = offset;
        head = 0;
        tail = 0;
        scanned = 0;
        longEntry = false;
    }

    /** Hands over everything from the position to the end as it was when the reader was opened. */
    public void read(LogSink sink) throws IOException {
        while (true) {
            Segment sg = segments.get(seg);
            pump(sg, sink, sg.end);
            finishCut(sink);
            if (seg == segments.size() - 1) {
                break;
            }
            nextSegment();
        }
        sink.caughtUp();
    }

    /**
     * Hands over everything from the position on, then what is appended, until {@code stopped} says
     * the writer is done (then what it wrote last) or the thread is interrupted. Waits
     * {@code pollMillis} between looks at a file that has not grown.
     */
    public void follow(LogSink sink, BooleanSupplier stopped, long pollMillis) throws IOException,
            InterruptedException {
        while (seg < segments.size() - 1) {
            pump(segments.get(seg), sink, Long.MAX_VALUE);
            finishCut(sink);
            nextSegment();
        }
        while (true) {
            Segment sg = segments.get(seg);
            if (sg.channel == null) {
                Segment opened = open(current);
                if (opened != null) {
                    segments.set(seg, opened);
                    startAt(seg, 0);
                    continue;
                }
            } else if (pump(sg, sink, Long.MAX_VALUE)) {
                continue;
            } else if (!Objects.equals(key(current), sg.key)) {
                // Replaced: what was written to the old file before is all there (it was closed first).
                pump(sg, sink, Long.MAX_VALUE);
                finishCut(sink);
                sg.channel.close();
                segments.set(seg, new Segment(current));
                showAll();
                continue;
            } else if (sg.channel.size() < bufOffset + tail) {
                // Truncated in place: what is left of the entry being read is gone.
                startAt(seg, 0);
                showAll();
                continue;
            }
            sink.caughtUp();
            if (stopped.getAsBoolean()) {
                if (sg.channel != null) {
                    pump(sg, sink, Long.MAX_VALUE);
                }
                finishCut(sink);
                sink.caughtUp();
                return;
            }
            Thread.sleep(pollMillis);
        }
    }

    /**
     * A file that replaces the one being read comes after everything read so far: all of it is
     * shown, though its positions (the same file index, offsets from 0) are below where the tail began.
     */
    private void showAll() {
        Arrays.fill(from, Long.MIN_VALUE);
    }

    private void nextSegment() throws IOException {
        Segment done = segments.get(seg);
        if (done.channel != null) {
            done.channel.close();
        }
        startAt(seg + 1, 0);
    }

    /**
     * Reads from the segment up to {@code limit} (a file offset) and hands over each whole entry;
     * returns whether it read anything. An entry longer than the buffer goes out in chunks.
     */
    private boolean pump(Segment sg, LogSink sink, long limit) throws IOException {
        boolean any = false;
        if (sg.channel == null) {
            return false;
        }
        while (true) {
            int nl = LogEntry.indexOf(buf, scanned, tail, (byte) '\n');
            if (nl >= 0) {
                entryDone(sink, nl);
                head = nl + 1;
                scanned = head;
                continue;
            }
            scanned = tail;
            if (head == 0 && tail == buf.length) {
                longChunk(sink);
            }
            long at = bufOffset + tail;
            if (at >= limit) {
                return any;
            }
            if (head > 0) {
                System.arraycopy(buf, head, buf, 0, tail - head);
                bufOffset += head;
                tail -= head;
                scanned -= head;
                head = 0;
            }
            int room = (int) Math.min(buf.length - tail, limit - (bufOffset + tail));
            int n;
            try {
                n = sg.channel.read(ByteBuffer.wrap(buf, tail, room), bufOffset + tail);
            } catch (ClosedByInterruptException e) {
                throw e; // a follower told to stop
            } catch (IOException e) {
                throw unreadable(sg.path, e);
            }
            if (n <= 0) {
                return any;
            }
            tail += n;
            any = true;
        }
    }

    /** The entry in {@code buf[head, nl)} is whole: hand it (or the rest of a long one) over. */
    private void entryDone(LogSink sink, int nl) throws IOException {
        if (longEntry) {
            longEntry = false;
            if (longEntryShown) {
                emit(sink, head, nl, false, !entry.partial());
            }
            return;
        }
        if (!entry.parse(buf, head, nl)) {
            return;
        }
        if (shown()) {
            emit(sink, entry.textStart(), nl, true, !entry.partial());
        }
    }

    /** The buffer is full without a newline: hand over what it holds of the entry and make room. */
    private void longChunk(LogSink sink) throws IOException {
        if (!longEntry) {
            longEntry = true;
            longEntryShown = entry.parse(buf, head, tail) && shown();
            if (longEntryShown) {
                emit(sink, entry.textStart(), tail, true, false);
            }
        } else if (longEntryShown) {
            emit(sink, head, tail, false, false);
        }
        head = tail;
        scanned = tail;
    }

    /** At the end of a file: an entry cut short there goes out as far as it goes, not ending its line. */
    private void finishCut(LogSink sink) throws IOException {
        if (longEntry) {
            longEntry = false;
            if (longEntryShown) {
                emit(sink, head, tail, false, false);
                inLine[entry.stream().ordinal()] = false;
            }
        } else if (tail > head && entry.parse(buf, head, tail) && shown()) {
            emit(sink, entry.textStart(), tail, true, false);
            inLine[entry.stream().ordinal()] = false;
        }
        head = tail;
        scanned = tail;
    }

    /** Whether the entry just parsed at {@code head} is at or after where its stream is shown from. */
    private boolean shown() {
        return position(seg, bufOffset + head) >= from[entry.stream().ordinal()];
    }

    /**
     * Hands over {@code buf[start, stop)}: {@code entryStart} when it is the start of an entry's text,
     * which begins a line unless the stream is inside one.
     */
    private void emit(LogSink sink, int start, int stop, boolean entryStart, boolean end) throws IOException {
        int s = entry.stream().ordinal();
        boolean first = entryStart && !inLine[s];
        inLine[s] = !end;
        sink.piece(entry, buf, start, stop - start, first, end);
    }

    @Override
    public void close() throws IOException {
        IOException failed = null;
        for (Segment s : segments) {
            if (s.channel != null) {
                try {
                    s.channel.close();
                } catch (IOException e) {
                    failed = e;
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    // ---- conveniences: whole lines, for tests and small reads

    /** Parses one entry, e.g. {@code 2026-11-29T01:31:54.03+00:00 stdout F hello}; empty if malformed. */
    public static Optional<Line> parse(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        LogEntry e = new LogEntry();
        if (!e.parse(b, 0, b.length)) {
            return Optional.empty();
        }
        return Optional.of(new Line(e.time(), e.stream(), Utf8.decode(b, e.textStart(), b.length - e.textStart()),
                e.partial()));
    }

    /**
     * The last {@code n} lines of the single file {@code log} (all when negative), pieces joined (time
     * of the first piece), each cut at {@link LogLines#CAP} bytes.
     */
    public static List<Line> tail(Path log, int n) throws IOException {
        List<Line> out = new ArrayList<>();
        try (LogReader r = of(log)) {
            r.skipToLast(n);
            LogLines lines = new LogLines(out::add);
            r.read(lines);
            lines.flush();
        }
        return out;
    }
}
