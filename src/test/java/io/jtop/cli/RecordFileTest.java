package io.jtop.cli;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Runtime;
import io.jtop.container.Sample;
import io.jtop.metrics.Snapshot;
import io.jtop.record.Frames;
import io.jtop.record.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recording on disk: rotation under {@code --retain}, and a killed recording continued. */
class RecordFileTest {

    private static final Instant T0 = Instant.parse("2026-12-06T03:00:00Z");

    @TempDir
    Path tmp;

    private static Snapshot tick(int t) {
        Container c = new Container("c".repeat(64), "web", Runtime.DOCKER, "busybox", 7, ContainerState.RUNNING,
                "/docker/c", T0, null, false);
        return new Snapshot(T0.plusSeconds(t), List.of(new Snapshot.Row(c,
                Sample.builder().cpuUsageNanos(1_000_000L * t).pidsCurrent(1L).build())), Set.of());
    }

    private static Recording read(Path file) throws Exception {
        List<byte[]> segments = new ArrayList<>();
        for (Path p : RecordFile.segments(file)) {
            segments.add(Files.readAllBytes(p));
        }
        return Recording.of(segments);
    }

    @Test
    void retentionRotatesIntoFourSegmentsAndDropsTheOldest() throws Exception {
        Path file = tmp.resolve("host.rec");
        try (RecordFile f = new RecordFile(file, Duration.ofSeconds(8))) {
            for (int t = 0; t < 30; t++) {
                f.append(tick(t));
            }
        }
        for (int i = 1; i <= RecordFile.SEGMENTS; i++) {
            assertTrue(Files.exists(tmp.resolve("host.rec." + i)), "segment " + i);
        }
        assertFalse(Files.exists(tmp.resolve("host.rec.5")));
        Recording r = read(file);
        assertEquals(T0.plusSeconds(29), r.time(r.size() - 1));
        assertTrue(!r.time(0).isAfter(T0.plusSeconds(29 - 8)), "at least the retention kept: from " + r.time(0));
        assertTrue(r.time(0).isAfter(T0.plusSeconds(29 - 8 - 3)), "about the retention kept: from " + r.time(0));
        for (int i = 0; i < r.size(); i++) {
            assertEquals(r.time(i), r.snapshot(i).time());
            assertEquals(tick((int) Duration.between(T0, r.time(i)).toSeconds()), r.snapshot(i));
        }
    }

    @Test
    void aKilledRecordingIsContinuedAfterItsLastWholeTick() throws Exception {
        Path file = tmp.resolve("host.rec");
        try (RecordFile f = new RecordFile(file, null)) {
            for (int t = 0; t < 3; t++) {
                f.append(tick(t));
            }
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() - 2); // the third tick torn, as a kill mid-write leaves it
        }
        try (RecordFile f = new RecordFile(file, null)) {
            f.append(tick(10));
            f.append(tick(11));
        }
        Recording r = read(file);
        assertEquals(0, r.damaged());
        assertEquals(List.of(tick(0), tick(1), tick(10), tick(11)), r.all());
    }

    @Test
    void aFileThatIsNoRecordingIsLeftAlone() throws Exception {
        Path notes = Files.writeString(tmp.resolve("notes.txt"), "keep me\n");
        Frames.Unreadable e = assertThrows(Frames.Unreadable.class, () -> new RecordFile(notes, null));
        assertEquals("not a jtop recording", e.getMessage());
        assertEquals("keep me\n", Files.readString(notes));
    }
}
