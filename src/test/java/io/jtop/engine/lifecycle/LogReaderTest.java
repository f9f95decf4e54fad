package io.jtop.engine.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.jtop.engine.lifecycle.LogReader.Line;
import io.jtop.engine.lifecycle.LogReader.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogReaderTest {
    @TempDir
    Path dir;

    @Test
    void parsesAFullStdoutLine() {
        assertEquals(Optional.of(new Line(Instant.parse("2026-11-29T01:31:54.030Z"), Stream.STDOUT, "hello world", false)),
                LogReader.parse("2026-11-29T01:31:54.03+00:00 stdout F hello world"));
    }

    @Test
    void parsesStderrPartialsNanosecondsAndOffsets() {
        Line l = LogReader.parse("2026-11-29T04:14:34.427210957+02:00 stderr P oo").orElseThrow();
        assertEquals(new Line(Instant.parse("2026-11-29T02:14:34.427210957Z"), Stream.STDERR, "oo", true), l);
    }

    /** A container's bytes as it wrote them: controls kept, a byte that is not UTF-8 as its surrogate escape. */
    @Test
    void tailKeepsEveryByteEvenWhereConmonCutASequence() throws Exception {
        Path log = dir.resolve("ctr.log");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("2026-11-29T01:31:54Z stdout P \u001B]0;PWN\u0007 \u00e2\u0082".getBytes(
                StandardCharsets.ISO_8859_1));
        b.writeBytes("\n2026-11-29T01:31:55Z stdout F \u00ac \u00ff\u00fe\n".getBytes(
                StandardCharsets.ISO_8859_1));
        Files.write(log, b.toByteArray());
        assertEquals(List.of(new Line(Instant.parse("2026-11-29T01:31:54Z"), Stream.STDOUT,
                "\u001B]0;PWN\u0007 \u20AC \uDCFF\uDCFE", false)), LogReader.tail(log, 10));
    }

    @Test
    void keepsSpacesInTextAndEmptyLines() {
        assertEquals("  a  b ", LogReader.parse("2026-11-29T01:31:54Z stdout F   a  b ").orElseThrow().text());
        assertEquals("", LogReader.parse("2026-11-29T01:31:54Z stdout F ").orElseThrow().text());
        assertEquals("", LogReader.parse("2026-11-29T01:31:54Z stdout F").orElseThrow().text());
    }

    @Test
    void rejectsGarbage() {
        for (String bad : List.of("", "hello", "not-a-time stdout F x", "2026-11-29T01:31:54Z stdin F x",
                "2026-11-29T01:31:54Z stdout X x", "2026-11-29T01:31:54 stdout F no offset")) {
            assertTrue(LogReader.parse(bad).isEmpty(), bad);
        }
    }

    @Test
    void tailJoinsPiecesPerStreamAndKeepsTheLastN() throws Exception {
        Path log = Files.writeString(dir.resolve("log"), String.join("\n",
                "2026-11-29T01:00:00Z stdout F one",
                "2026-11-29T01:00:01Z stdout P tw",
                "2026-11-29T01:00:02Z stderr F err",
                "garbage",
                "2026-11-29T01:00:03Z stdout F o",
                "2026-11-29T01:00:04Z stdout F three",
                "2026-11-29T01:00:05Z stderr P unfinis") + "\n");
        List<Line> all = LogReader.tail(log, 10);
        assertEquals(List.of("one", "err", "two", "three", "unfinis"), all.stream().map(Line::text).toList());
        assertEquals(Instant.parse("2026-11-29T01:00:01Z"), all.get(2).time());
        assertTrue(all.get(4).partial());
        assertEquals(List.of("three", "unfinis"), LogReader.tail(log, 2).stream().map(Line::text).toList());
        assertEquals(List.of(), LogReader.tail(log, 0));
    }

    // ---- bytes, big files and files that change under a reader

    private static final String T = "2026-11-29T01:00:00.000000001+00:00 ";

    /** What a reader hands over, per stream, as bytes: what {@code jtop logs} prints to a pipe. */
    private static final class Bytes implements LogSink {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        long total;

        @Override
        public void piece(LogEntry e, byte[] b, int off, int len, boolean first, boolean end) {
            var to = e.stream() == Stream.STDERR ? err : out;
            to.write(b, off, len);
            if (end) {
                to.write('\n');
            }
            total += len + (end ? 1 : 0);
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static Bytes read(Path log, int tail) throws Exception {
        Bytes b = new Bytes();
        try (LogReader r = LogReader.of(log)) {
            r.skipToLast(tail);
            r.read(b);
        }
        return b;
    }

    @Test
    void handsOverTheBytesAsWrittenInvalidUtf8AndControlsIncluded() throws Exception {
        byte[] hostile = {(byte) 0xff, 0x1b, '[', '2', 'J', (byte) 0xc3, '\r', 'x'};
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes((T + "stdout P ").getBytes());
        f.writeBytes(hostile);
        f.writeBytes(("\n" + T + "stderr F e\n" + T + "stdout F end\n" + T + "stdout P no newline yet\n").getBytes());
        Path log = Files.write(dir.resolve("log"), f.toByteArray());
        Bytes b = read(log, -1);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(hostile);
        expected.writeBytes("end\nno newline yet".getBytes());
        Assertions.assertArrayEquals(expected.toByteArray(), b.out.toByteArray());
        assertEquals("e\n", b.err.toString());
    }

    @Test
    void tailCountsLinesWhereTheyEndAndStartsAtTheirFirstPiece() throws Exception {
        Path log = Files.writeString(dir.resolve("log"), String.join("\n",
                T + "stdout F zero",
                T + "stdout P o",
                T + "stderr F e1",
                T + "stdout P n",
                T + "stderr F e2",
                T + "stdout F e",
                T + "stderr P tail") + "\n");
        // Lines end at zero, e1, e2, one, tail: the last two are one (from its first piece) and tail.
        assertEquals("one\n", read(log, 2).out());
        assertEquals("tail", read(log, 2).err.toString());
        assertEquals("one\n", read(log, 3).out());
        assertEquals("e2\ntail", read(log, 3).err.toString());
        assertEquals("zero\none\n", read(log, 5).out());
    }

    @Test
    void aFiftyMegabyteLineCostsLinearTimeAndBoundedMemory() throws Exception {
        Path log = dir.resolve("log");
        long text = 0;
        try (var w = new BufferedOutputStream(Files.newOutputStream(log), 1 << 16)) {
            w.write((T + "stdout F before\n").getBytes());
            byte[] piece = "x".repeat(8192).getBytes();
            byte[] head = (T + "stdout P ").getBytes();
            for (int i = 0; i < 6400; i++) { // 6400 pieces of 8 KiB: 52 MB, as conmon splits a long line
                w.write(head);
                w.write(piece);
                w.write('\n');
                text += piece.length;
            }
            w.write((T + "stdout F !\n").getBytes());
            text += 1;
        }
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            List<Line> last = LogReader.tail(log, 1);
            assertEquals(1, last.size());
            assertTrue(last.get(0).text().startsWith("xxxx"));
            assertTrue(last.get(0).text().endsWith(LogLines.cutMarker(6400L * 8192 + 1)), "cut, with its length");
            assertTrue(last.get(0).text().length() < LogLines.CAP + 100);
        });
        long expected = text + 1;
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            long[] total = {0};
            try (LogReader r = LogReader.of(log)) {
                r.skipToLast(1);
                r.read((e, b, off, len, first, end) -> total[0] += len + (end ? 1 : 0));
            }
            assertEquals(expected, total[0], "every byte of the line, once");
        });
    }

    @Test
    void anEntryLongerThanTheBufferGoesOutWhole() throws Exception {
        String big = "y".repeat(1_000_000); // not what conmon writes, but a file may hold it
        Path log = Files.writeString(dir.resolve("log"), T + "stdout F " + big + "\n" + T + "stdout F after\n");
        assertEquals(big + "\nafter\n", read(log, -1).out());
        assertEquals(big + "\nafter\n", read(log, 2).out());
        assertEquals("after\n", read(log, 1).out());
    }

    @Test
    void aLastLineCutShortIsShownAsFarAsItGoes() throws Exception {
        Path log = Files.writeString(dir.resolve("log"), T + "stdout F one\n" + T + "stdout F tw");
        assertEquals("one\ntw", read(log, -1).out());
        List<Line> lines = LogReader.tail(log, 5);
        assertEquals(List.of("one", "tw"), lines.stream().map(Line::text).toList());
        assertTrue(lines.get(1).partial());
        Path cutHeader = Files.writeString(dir.resolve("log2"), T + "stdout F one\n2026-11-29T01:0");
        assertEquals("one\n", read(cutHeader, 5).out());
    }

    @Test
    void aLogThatCannotBeReadIsNamedWithTheReason() throws Exception {
        Path notAFile = Files.createDirectory(dir.resolve("ctr.log"));
        IOException e = Assertions.assertThrows(IOException.class,
                () -> read(notAFile, 5));
        assertEquals("cannot read the log " + notAFile + ": Is a directory", e.getMessage());
    }

    @Test
    void malformedEntriesAreSkipped() throws Exception {
        Path log = Files.write(dir.resolve("log"), (String.join("\n",
                "",
                "garbage",
                T + "stdin F no",
                T + "stdout X no",
                T + "stdout Fno",
                "2026-13-29T01:00:00Z stdout F bad month",
                "2026-11-29T01:00:00 stdout F no offset",
                "2026-11-29T01:00:00.1234567890Z stdout F ten digits",
                T + "stdout F ok",
                "\u0000\u0000\u0000",
                "") + "\n").getBytes());
        assertEquals("ok\n", read(log, -1).out());
        assertEquals("ok\n", read(log, 1).out());
    }

    @Test
    void timesAreParsedAsOffsetDateTimeWould() {
        for (String t : List.of("2026-11-29T01:31:54.03+00:00", "1969-12-31T23:59:59.999999999-05:30",
                "2000-02-29T00:00:00Z", "2026-11-29T04:14:34.427210957+02:00", "2400-03-01T12:00:00.5+14:00")) {
            byte[] b = (t + " stdout F x").getBytes();
            LogEntry e = new LogEntry();
            assertTrue(e.parse(b, 0, b.length), t);
            assertEquals(OffsetDateTime.parse(t).toInstant(), e.time(), t);
        }
    }

    @Test
    void readsKeptFilesAndTheCurrentOneAsOneLog() throws Exception {
        Files.writeString(dir.resolve("ctr.log.2"), T + "stdout F a\n" + T + "stdout P b");
        Files.writeString(dir.resolve("ctr.log.1"), T + "stdout F c\n");
        Files.writeString(dir.resolve("ctr.log"), T + "stdout F d\n" + T + "stderr F e\n");
        try (LogReader r = new LogReader(LogFiles.kept(dir), LogFiles.current(dir))) {
            Bytes b = new Bytes();
            r.skipToLast(-1);
            r.read(b);
            assertEquals("a\nbc\nd\n", b.out());
        }
        for (int n = 0; n <= 5; n++) {
            try (LogReader r = new LogReader(LogFiles.kept(dir), LogFiles.current(dir))) {
                Bytes b = new Bytes();
                r.skipToLast(n);
                r.read(b);
                String all = "a\nbc\nd\n";
                List<String> lines = List.of("a\n", "bc\n", "d\n");
                String expected = String.join("", lines.subList(Math.max(0, Math.min(3, 4 - n)), 3));
                if (n >= 4) {
                    expected = all;
                }
                assertEquals(n == 0 ? "" : expected, b.out(), "tail " + n);
            }
        }
    }

    @Test
    void aFollowerReadsOnAcrossAReplacedAndATruncatedFile() throws Exception {
        Path log = dir.resolve("ctr.log");
        Files.writeString(log, T + "stdout F zero\n" + T + "stdout F one\n");
        Bytes got = new Bytes();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread follower = new Thread(() -> {
            try (LogReader r = LogReader.of(log)) {
                r.skipToLast(1); // the new files' offsets are below where this tail starts: all shown all the same
                r.follow(new LogSink() {
                    @Override
                    public void piece(LogEntry e, byte[] b, int off, int len, boolean first, boolean end) {
                        synchronized (got) {
                            got.piece(e, b, off, len, first, end);
                        }
                    }
                }, stop::get, 5);
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        follower.start();
        awaitOut(got, "one\n");
        Files.writeString(log, T + "stdout F two\n", StandardOpenOption.APPEND);
        awaitOut(got, "one\ntwo\n");
        // As conmon at its size limit: the old file gets its last entry, a new file is renamed over it.
        Files.writeString(log, T + "stdout F three\n", StandardOpenOption.APPEND);
        Path tmp = Files.writeString(dir.resolve("ctr.log.tmp"), T + "stdout F four\n");
        Files.move(tmp, log, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        awaitOut(got, "one\ntwo\nthree\nfour\n");
        // Truncated in place, then written again: read from its start.
        try (var ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        Files.writeString(log, T + "stdout F 5\n", StandardOpenOption.APPEND);
        awaitOut(got, "one\ntwo\nthree\nfour\n5\n");
        Files.writeString(log, T + "stdout F last\n", StandardOpenOption.APPEND);
        stop.set(true);
        follower.join(10_000);
        assertTrue(failed.get() == null, () -> "follower failed: " + failed.get());
        assertEquals("one\ntwo\nthree\nfour\n5\nlast\n", got.out(), "all of it once, in order");
    }

    private static void awaitOut(Bytes got, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            synchronized (got) {
                if (got.out().equals(expected)) {
                    return;
                }
            }
            Thread.sleep(5);
        }
        synchronized (got) {
            assertEquals(expected, got.out());
        }
    }
}
