package io.jtop.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LogsRunTest {

    @Test
    void plainLogsLinesAreParsedWithoutPicocli() {
        assertEquals(new LogsRun.Plain("web", -1, false, false), LogsRun.plain(new String[] {"logs", "web"}));
        assertEquals(new LogsRun.Plain("web", 5, true, true),
                LogsRun.plain(new String[] {"logs", "-f", "--tail", "5", "-t", "web"}));
        assertEquals(new LogsRun.Plain("web", 0, false, false), LogsRun.plain(new String[] {"logs", "-n", "0", "web"}));
        assertEquals(new LogsRun.Plain("web", -1, false, false),
                LogsRun.plain(new String[] {"logs", "--tail", "all", "web"}));
    }

    @Test
    void anythingElseIsLeftToPicocli() {
        for (String[] args : new String[][] {
            {"logs"}, {"ps", "web"}, {"logs", "--help"}, {"logs", "-ft", "web"}, {"logs", "--tail", "-1", "web"},
            {"logs", "--tail", "x", "web"}, {"logs", "--tail"}, {"logs", "a", "b"}, {"logs", "-f", "-f", "web"},
            {"logs", "--tail", "99999999999", "web"}, {"logs", "--tail=5", "web"}}) {
            assertNull(LogsRun.plain(args), String.join(" ", args));
        }
    }

    @Test
    void aBadTailIsAUsageErrorThroughPicocli() {
        InProcess.Run r = InProcess.jtop("logs", "--tail", "x", "web");
        assertEquals(2, r.exit(), r.err());
        assertEquals("jtop: --tail takes a number of lines or 'all', not 'x'", r.err().lines().findFirst().orElse(""));
    }
}
