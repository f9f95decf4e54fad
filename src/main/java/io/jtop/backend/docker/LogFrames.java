package io.jtop.backend.docker;

import io.jtop.container.LogLine;
import io.jtop.text.Utf8;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Log frames of {@code GET /containers/{id}/logs?timestamps=1} to lines. Each frame holds one or
 * more lines of one stream, each line prefixed by the engine's RFC 3339 time and a space. A
 * frame's last line may lack its newline: the engine cut a long line (Docker at 16 KB), and the
 * next frame of the same stream goes on with it after a time of its own; or it is the container's
 * last output, which had none. Pieces are joined byte for byte (a cut may fall inside a UTF-8
 * sequence) and the line decoded once whole ({@link Utf8}), so it is what {@code docker logs}
 * prints.
 */
final class LogFrames {

    /** A line begun in an earlier frame, per stream (stdout, stderr): its text so far, a char per byte. */
    private final StringBuilder[] pending = new StringBuilder[2];
    private final Instant[] pendingTime = new Instant[2];

    /** The lines of one payload, the last one completed by later frames. */
    static List<LogLine> lines(byte[] payload, boolean stderr) {
        List<LogLine> out = new ArrayList<>();
        LogFrames frames = new LogFrames();
        frames.frame(payload, stderr, out::add);
        frames.end(out::add);
        return out;
    }

    /** Gives {@code sink} each line this frame completes; a line it leaves open waits for the next frame of its stream. */
    void frame(byte[] payload, boolean stderr, Consumer<LogLine> sink) {
        String text = new String(payload, StandardCharsets.ISO_8859_1);
        int s = stderr ? 1 : 0;
        int from = 0;
        while (from < text.length()) {
            int nl = text.indexOf('\n', from);
            int end = nl < 0 ? text.length() : nl;
            LogLine piece = line(text.substring(from, end), stderr);
            if (pending[s] == null && nl >= 0) {
                sink.accept(new LogLine(piece.time(), stderr, Utf8.fromLatin1(piece.text())));
            } else if (pending[s] == null) {
                pending[s] = new StringBuilder(piece.text());
                pendingTime[s] = piece.time();
            } else {
                pending[s].append(piece.text());
                if (nl >= 0) {
                    sink.accept(new LogLine(pendingTime[s], stderr, Utf8.fromLatin1(pending[s].toString())));
                    pending[s] = null;
                }
            }
            from = end + 1;
        }
    }

    /** At the end of the stream: the lines left open, as they are. */
    void end(Consumer<LogLine> sink) {
        for (int s = 0; s < 2; s++) {
            if (pending[s] != null) {
                sink.accept(new LogLine(pendingTime[s], s == 1, Utf8.fromLatin1(pending[s].toString())));
                pending[s] = null;
            }
        }
    }

    /**
     * One line: its time when it starts with one, else the whole line as text with no time. The
     * text is kept byte for byte, a TTY's carriage return before the newline included, as
     * {@code docker logs} prints it.
     */
    static LogLine line(String s, boolean stderr) {
        int space = s.indexOf(' ');
        Instant time = space > 0 ? DockerMapping.instant(s.substring(0, space)) : null;
        if (time == null && space < 0 && !s.isEmpty()) {
            boolean cr = s.endsWith("\r");
            time = DockerMapping.instant(cr ? s.substring(0, s.length() - 1) : s); // an empty line: the time alone
            if (time != null) {
                return new LogLine(time, stderr, cr ? "\r" : "");
            }
        }
        return time == null ? new LogLine(null, stderr, s) : new LogLine(time, stderr, s.substring(space + 1));
    }
}
