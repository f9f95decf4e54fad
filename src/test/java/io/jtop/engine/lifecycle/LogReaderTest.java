package io.jtop.engine.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.jtop.engine.lifecycle.LogReader.Line;
import io.jtop.engine.lifecycle.LogReader.Stream;
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
}
