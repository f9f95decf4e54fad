package io.jtop.cli;

import io.jtop.engine.lifecycle.LogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogPrinterTest {

    private static final String T = "2026-11-29T01:00:00.000000001+00:00 ";

    @TempDir
    Path dir;

    /** Both streams into one place, as a terminal or {@code 2>&1} shows them. */
    private String printed(String log, int tail, boolean timestamps) throws Exception {
        Path file = Files.writeString(dir.resolve("ctr.log"), log);
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        try (LogReader r = LogReader.of(file); LogPrinter p = new LogPrinter(both, both, timestamps)) {
            r.skipToLast(tail);
            r.read(p);
        }
        return both.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aLineGoesOutWholeThoughTheOtherStreamWasLoggedBetweenItsPieces() throws Exception {
        String log = T + "stdout F one\n" + T + "stdout P tw\n" + T + "stderr F err\n" + T + "stdout F o\n";
        assertEquals("one\nerr\ntwo\n", printed(log, -1, false));
        assertEquals("err\ntwo\n", printed(log, 2, false));
    }

    @Test
    void aLineNotEndedYetIsPrintedAsItIsAndTimesStartEachLine() throws Exception {
        String log = T + "stdout F one\n" + T + "stderr P prompt> \n";
        assertEquals("one\nprompt> ", printed(log, -1, false));
        assertEquals("2026-11-29T01:00:00.000000001Z one\n2026-11-29T01:00:00.000000001Z prompt> ",
                printed(log, -1, true));
    }

    @Test
    void aLineLongerThanWhatIsHeldIsWrittenAsItComes() throws Exception {
        StringBuilder log = new StringBuilder();
        String piece = "x".repeat(8192);
        for (int i = 0; i < 200; i++) { // 1.6 MB: more than a line held
            log.append(T).append("stdout P ").append(piece).append('\n');
            if (i == 150) {
                log.append(T).append("stderr F err\n");
            }
        }
        log.append(T).append("stdout F !\n");
        String out = printed(log.toString(), -1, false);
        assertEquals(200 * 8192 + "!\n".length() + "err\n".length(), out.length());
        assertEquals(out.indexOf("err\n"), 128 * 8192, "after the first MiB went out, before the rest");
    }
}
