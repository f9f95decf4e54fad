package io.jtop.ui;

import io.jtop.container.ContainerEvent;
import io.jtop.container.Sample;
import io.jtop.ui.widget.Cells;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Events pane's text: oldest first, local clock and age, repeats counted, an engine's words escaped. */
class EventsPaneTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private static String clock(Instant t) {
        return DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneId.systemDefault()).format(t);
    }

    @Test
    void eachEventIsALineWithItsClockAgeSourceAndCount() {
        Instant oom = NOW.minusSeconds(90);
        List<String> lines = EventsPane.lines(List.of(
                        new ContainerEvent(NOW.minusSeconds(7200), "docker", "start", ""),
                        new ContainerEvent(oom, "jtop", "OOM kill", "the kernel killed 1 process(es)", 3)),
                "docker's event log", Sample.builder().oomKills(3L).cpuPeriods(10L).cpuThrottledPeriods(2L).build(),
                0L, NOW);
        assertEquals("Events from docker's event log; oldest first.", lines.get(0));
        assertEquals("Cgroup counters: OOM kills 3, pids-limit refusals 0, throttled periods 2/10", lines.get(1));
        assertEquals("TIME                  AGO  SOURCE   EVENT", lines.get(2));
        assertEquals(clock(NOW.minusSeconds(7200)) + "  2h00m ago  docker   start", lines.get(3));
        assertEquals(clock(oom) + "     1m ago  jtop     OOM kill ×3  the kernel killed 1 process(es)", lines.get(4));
    }

    @Test
    void anEnginesHostileWordsAreEscapedByThePanesView() {
        String line = Cells.clean(EventsPane.line(new ContainerEvent(NOW, "docker", "die\u001b]0;owned\u0007",
                "exit code \u001b[2J\n137"), NOW));
        assertFalse(line.chars().anyMatch(c -> c < 0x20 || c == 0x7f), line);
        assertTrue(line.contains("die\\x1b]0;owned\\x07") && line.contains("\\x1b[2J\\x0a137"), line);
    }

    @Test
    void unknownCountersAndNoEventsSaySo() {
        List<String> lines = EventsPane.lines(List.of(), "the container's record", null, null, NOW);
        assertEquals("Cgroup counters: OOM kills ?, pids-limit refusals ?, throttled periods ?", lines.get(1));
        assertEquals("(none known)", lines.get(3));
    }
}
