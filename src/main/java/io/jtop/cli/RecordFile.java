package io.jtop.cli;

import io.jtop.record.Encoder;
import io.jtop.record.Frames;
import io.jtop.record.Recording;
import io.jtop.metrics.Snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A recording on disk: the file {@code FILE} being appended to and, under {@code --retain}, its
 * older segments {@code FILE.1} (the newest) to {@code FILE.4}. Each tick's frames go out in one
 * append, so a recorder killed at any moment leaves a file that reads up to its last whole tick.
 * Retention rotates rather than rewrites: dropping the oldest history is one unlink, nothing already
 * written is copied or touched again, and each segment starts with a header and a keyframe so it
 * reads alone.
 */
final class RecordFile implements AutoCloseable {

    /** Rotated segments kept: with a segment a quarter of the retention, history covers at least it. */
    static final int SEGMENTS = 4;
    /** A keyframe every this many ticks: how far a reader decodes at most to reach a tick. */
    static final int KEY_EVERY = 60;

    private final Path file;
    private final Duration segment;
    private FileChannel channel;
    private Encoder encoder;
    private Instant started;

    /**
     * Opens {@code file} to append to: a recording already there is continued after its last sound
     * frame (a torn tail cut off); {@code retain} null keeps everything in one file.
     */
    RecordFile(Path file, Duration retain) throws IOException, Frames.Unreadable {
        this.file = file;
        this.segment = retain == null ? null : retain.dividedBy(SEGMENTS);
        open();
    }

    private void open() throws IOException, Frames.Unreadable {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long size = channel.size();
        started = null;
        if (size == 0) {
            write(Frames.header());
        } else {
            try {
                byte[] old = Files.readAllBytes(file);
                long end = Recording.appendAt(old);
                Recording r = Recording.of(List.of(old));
                started = r.size() == 0 ? null : r.time(0);
                channel.truncate(end);
                channel.position(end);
            } catch (IOException | Frames.Unreadable e) {
                channel.close();
                throw e;
            }
        }
        encoder = new Encoder(KEY_EVERY);
    }

    /** Appends one tick, first rotating when the current segment has grown past its span. */
    void append(Snapshot s) throws IOException, Frames.Unreadable {
        if (segment != null && started != null && Duration.between(started, s.time()).compareTo(segment) >= 0) {
            rotate();
        }
        if (started == null) {
            started = s.time();
        }
        write(encoder.encode(s));
        if (encoder.keyframeNext()) {
            channel.force(false); // a keyframe's worth of history survives a power cut, not only a kill
        }
    }

    private void rotate() throws IOException, Frames.Unreadable {
        channel.close();
        Files.deleteIfExists(segment(SEGMENTS));
        for (int i = SEGMENTS - 1; i >= 1; i--) {
            if (Files.exists(segment(i))) {
                Files.move(segment(i), segment(i + 1), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.move(file, segment(1), StandardCopyOption.ATOMIC_MOVE);
        open();
    }

    private Path segment(int i) {
        return file.resolveSibling(file.getFileName() + "." + i);
    }

    private void write(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    /** The files of a recording, oldest first: its rotated segments, then the file itself. */
    static List<Path> segments(Path file) {
        List<Path> out = new ArrayList<>();
        for (int i = SEGMENTS; i >= 1; i--) {
            Path p = file.resolveSibling(file.getFileName() + "." + i);
            if (Files.isRegularFile(p)) {
                out.add(p);
            }
        }
        out.add(file);
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
