package io.jtop.backend.docker;

import io.jtop.container.LogLine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Log frames of {@code GET /containers/{id}/logs?timestamps=1} to lines. Each frame holds one or
 * more lines of one stream, each line prefixed by the engine's RFC 3339 time and a space; a
 * frame's last line may lack its newline (the container's last output had none).
 */
final class LogFrames {

    private LogFrames() {
    }

    static List<LogLine> lines(byte[] payload, boolean stderr) {
        String text = new String(payload, StandardCharsets.UTF_8);
        List<LogLine> out = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int nl = text.indexOf('\n', from);
            int end = nl < 0 ? text.length() : nl;
            out.add(line(text.substring(from, end), stderr));
            from = end + 1;
        }
        return out;
    }

    /** One line: its time when it starts with one, else the whole line as text with no time. */
    static LogLine line(String raw, boolean stderr) {
        String s = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        int space = s.indexOf(' ');
        Instant time = space > 0 ? DockerMapping.instant(s.substring(0, space)) : null;
        if (time == null && space < 0 && !s.isEmpty()) {
            time = DockerMapping.instant(s); // an empty line: the time alone
            if (time != null) {
                return new LogLine(time, stderr, "");
            }
        }
        return time == null ? new LogLine(null, stderr, s) : new LogLine(time, stderr, s.substring(space + 1));
    }
}
