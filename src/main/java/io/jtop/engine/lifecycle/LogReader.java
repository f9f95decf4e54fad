package io.jtop.engine.lifecycle;

import io.jtop.text.Utf8;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads conmon's {@code k8s-file} logs: one entry a line, {@code TIME STREAM TAG TEXT}, where TAG is
 * {@code F} for a full line and {@code P} for a piece that the next entry of the same stream
 * continues (conmon splits long lines and writes what it has when output stalls).
 */
public final class LogReader {

    public enum Stream { STDOUT, STDERR }

    /** One entry; {@code partial} means the next entry of the same stream continues {@code text}. */
    public record Line(Instant time, Stream stream, String text, boolean partial) {}

    private LogReader() {}

    /** Parses one entry, e.g. {@code 2026-11-29T01:31:54.03+00:00 stdout F hello}; empty if malformed. */
    public static Optional<Line> parse(String line) {
        String[] f = line.split(" ", 4);
        if (f.length < 3) {
            return Optional.empty();
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(f[0]).toInstant();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        Stream stream = switch (f[1]) {
            case "stdout" -> Stream.STDOUT;
            case "stderr" -> Stream.STDERR;
            default -> null;
        };
        boolean partial = f[2].equals("P");
        if (stream == null || !(partial || f[2].equals("F"))) {
            return Optional.empty();
        }
        // An empty output line is logged as "TIME stdout F" with or without the trailing space.
        return Optional.of(new Line(time, stream, f.length == 4 ? f[3] : "", partial));
    }

    /**
     * The last {@code n} lines of {@code log}, pieces joined (time of the first piece), malformed
     * entries skipped. A trailing piece with no end yet is returned as it is, still partial.
     */
    public static List<Line> tail(Path log, int n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        Deque<Line> last = new ArrayDeque<>();
        Map<Stream, Line> pending = new EnumMap<>(Stream.class);
        // Latin-1, one char per byte, so that pieces join byte for byte (conmon may cut a UTF-8
        // sequence) and nothing a container wrote is refused as malformed; decoded when complete.
        try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1)) {
            for (String raw = in.readLine(); raw != null; raw = in.readLine()) {
                Optional<Line> parsed = parse(raw);
                if (parsed.isEmpty()) {
                    continue;
                }
                Line line = parsed.get();
                Line before = pending.remove(line.stream());
                if (before != null) {
                    line = new Line(before.time(), line.stream(), before.text() + line.text(), line.partial());
                }
                if (line.partial()) {
                    pending.put(line.stream(), line);
                } else {
                    add(last, line, n);
                }
            }
        }
        pending.values().forEach(l -> add(last, l, n));
        return List.copyOf(last);
    }

    private static void add(Deque<Line> last, Line line, int n) {
        last.addLast(new Line(line.time(), line.stream(), Utf8.fromLatin1(line.text()), line.partial()));
        if (last.size() > n) {
            last.removeFirst();
        }
    }
}
