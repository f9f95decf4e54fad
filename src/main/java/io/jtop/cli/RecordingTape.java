package io.jtop.cli;

import io.jtop.metrics.Snapshot;
import io.jtop.record.Frames;
import io.jtop.record.Recording;
import io.jtop.ui.Tape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A recording on disk (its rotated segments, then the file) as the replay's {@link Tape}. */
final class RecordingTape implements Tape {

    private final Path file;
    private final Recording recording;

    private RecordingTape(Path file, Recording recording) {
        this.file = file;
        this.recording = recording;
    }

    /** Reads the recording's files now; {@link Frames.Unreadable} when one is no recording. */
    static RecordingTape read(Path file) throws IOException, Frames.Unreadable {
        List<byte[]> segments = new ArrayList<>();
        for (Path p : RecordFile.segments(file)) {
            segments.add(Files.readAllBytes(p));
        }
        return new RecordingTape(file, Recording.of(segments));
    }

    Recording recording() {
        return recording;
    }

    @Override
    public String name() {
        return file.toString();
    }

    @Override
    public int size() {
        return recording.size();
    }

    @Override
    public Instant time(int i) {
        return recording.time(i);
    }

    @Override
    public int indexAt(Instant t) {
        return recording.indexAt(t);
    }

    @Override
    public List<Snapshot> snapshots(int from, int to) {
        return recording.range(from, to);
    }

    @Override
    public Instant parse(String time) {
        return ReplayCommand.time(time, recording.size() == 0 ? Instant.now() : recording.time(recording.size() - 1));
    }

    @Override
    public String damage() {
        return recording.damaged() == 0 ? null : recording.damaged() + " damaged records skipped, and "
                + recording.skipped() + " samples after them";
    }

    @Override
    public Tape reread() throws IOException {
        try {
            return read(file);
        } catch (Frames.Unreadable e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
