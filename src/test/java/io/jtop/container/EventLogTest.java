package io.jtop.container;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bounded store of timelines: caps per container and in all, repeats merged, texts cut. */
class EventLogTest {

    private static ContainerEvent event(int i, String action) {
        return new ContainerEvent(Instant.ofEpochSecond(i), "docker", action, "");
    }

    @Test
    void eachContainerKeepsItsNewestEvents() {
        EventLog log = new EventLog(3, 10);
        for (int i = 0; i < 5; i++) {
            log.add("a", event(i, "e" + i));
        }
        assertEquals(List.of("e2", "e3", "e4"), log.of("a").stream().map(ContainerEvent::action).toList());
        assertEquals(3, log.size());
    }

    @Test
    void pastTheTotalTheLongestTimelinePays() {
        EventLog log = new EventLog(5, 6);
        for (int i = 0; i < 5; i++) {
            log.add("busy", event(i, "e" + i));
        }
        log.add("quiet", event(10, "start"));
        log.add("quiet", event(11, "die"));
        assertEquals(6, log.size());
        assertEquals(2, log.of("quiet").size(), "the quiet one keeps its few");
        assertEquals(List.of("e1", "e2", "e3", "e4"), log.of("busy").stream().map(ContainerEvent::action).toList());
    }

    @Test
    void repeatsMergeIntoOneEventWithACountAndTheLatestTime() {
        EventLog log = new EventLog();
        for (int i = 0; i < 100_000; i++) {
            log.add("a", event(i, "oom"));
        }
        List<ContainerEvent> e = log.of("a");
        assertEquals(1, e.size());
        assertEquals(100_000, e.get(0).count());
        assertEquals(Instant.ofEpochSecond(99_999), e.get(0).time());
    }

    @Test
    void aFloodOfDistinctHostileEventsStaysWithinTheCaps() {
        EventLog log = new EventLog();
        String huge = "\u001b[2J\u001b]0;owned\u0007" + "y".repeat(1 << 20);
        for (int i = 0; i < 100_000; i++) {
            log.add("c" + (i % 1000), new ContainerEvent(Instant.ofEpochSecond(i), "docker", "die " + i, huge));
        }
        assertTrue(log.size() <= EventLog.TOTAL && log.size() >= EventLog.TOTAL * 7 / 8, "in all: " + log.size());
        assertTrue(log.containers() <= 1000);
        for (ContainerEvent e : log.of("c7")) {
            assertTrue(e.detail().length() <= ContainerEvent.MAX_TEXT + 1);
        }
    }

    @Test
    void forgettingAContainerFreesItsShare() {
        EventLog log = new EventLog(5, 5);
        log.add("a", event(1, "start"));
        log.add("b", event(2, "start"));
        log.forget("a");
        assertEquals(1, log.size());
        log.retainOnly(Set.of());
        assertEquals(0, log.size());
        assertTrue(log.of("b").isEmpty());
    }

    @Test
    void capsMustHoldOneEvent() {
        assertThrows(IllegalArgumentException.class, () -> new EventLog(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new EventLog(10, 5));
    }
}
