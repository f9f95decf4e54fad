package io.jtop.metrics;

import io.jtop.container.Container;
import io.jtop.container.ContainerEvent;
import io.jtop.container.ContainerState;
import io.jtop.container.Runtime;
import io.jtop.container.Sample;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The timeline jtop records from its snapshots, driven by hand-made rows: no host, no clock. */
class TimelineTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    private final Timeline timeline = new Timeline();
    private int tick;

    private static Container running(Instant started) {
        return new Container("c1", "web", Runtime.JTOP, "bb", 100, ContainerState.RUNNING, "/jtop/c1", started, null,
                false);
    }

    private static Sample.Builder figures() {
        return Sample.builder().oomKills(0L).cpuPeriods(100L).cpuThrottledPeriods(0L).pidsCurrent(1L).pidsLimit(20L);
    }

    /** Adds a snapshot one second after the last, of one row. */
    private Instant add(Container c, Sample s) {
        Instant at = T0.plusSeconds(tick++);
        timeline.add(new Snapshot(at, List.of(new Snapshot.Row(c, s)), Set.of()));
        return at;
    }

    private List<String> seen() {
        List<String> out = new ArrayList<>();
        for (ContainerEvent e : timeline.events("c1")) {
            out.add(e.action() + (e.count() > 1 ? " ×" + e.count() : "") + (e.detail().isEmpty() ? "" : ": " + e.detail()));
        }
        return out;
    }

    @Test
    void aContainerFirstSeenRunningStartedAtItsOwnStartTime() {
        Instant started = T0.minusSeconds(3600);
        add(running(started), figures().build());
        add(running(started), figures().build());
        assertEquals(List.of("started: last start"), seen());
        assertEquals(started, timeline.events("c1").get(0).time());
        assertEquals("runtime", timeline.events("c1").get(0).source(), "its record tells it: jtop did not see it");
    }

    @Test
    void aNewStartTimeIsARestartEvenWithoutAnExitSeenBetween() {
        add(running(T0.minusSeconds(10)), figures().build());
        Instant again = T0.plusMillis(500);
        add(running(again), figures().build());
        assertEquals(List.of("started: last start", "stopped: between two ticks", "restarted"), seen());
        assertEquals(again, timeline.events("c1").get(2).time());
    }

    @Test
    void anExitIsAStopAtTheRuntimesExitTimeWithItsCodeAndOomKill() {
        Container c = running(T0.minusSeconds(10));
        add(c, figures().build());
        Instant finished = T0.plusMillis(700);
        Container exited = new Container("c1", "web", Runtime.JTOP, "bb", 0, ContainerState.EXITED, "/jtop/c1",
                c.startedAt(), 137, true, null, null, finished);
        add(exited, null);
        add(exited, null);
        assertEquals(List.of("started: last start", "stopped: exit code 137, OOM-killed"), seen());
        assertEquals(finished, timeline.events("c1").get(1).time());
    }

    @Test
    void oomKillsAreTheCounterGrowingAndRepeatsMerge() {
        Container c = running(T0);
        add(c, figures().oomKills(2L).build()); // kills before jtop: no event, the counter says them
        add(c, figures().oomKills(3L).memoryLimitBytes(32L << 20).build());
        add(c, figures().oomKills(3L).memoryLimitBytes(32L << 20).build());
        add(c, figures().oomKills(4L).memoryLimitBytes(32L << 20).build());
        assertEquals(List.of("started: last start", "OOM kill ×2: the kernel killed 1 process(es) at its memory limit (32 MiB)"),
                seen());
    }

    @Test
    void throttlingBeginsWhenThrottledPeriodsMoveAndEndsWhenItRunsUnthrottled() {
        Container c = running(T0);
        add(c, figures().cpuPeriods(100L).cpuThrottledPeriods(0L).build());
        add(c, figures().cpuPeriods(200L).cpuThrottledPeriods(50L).build());
        add(c, figures().cpuPeriods(300L).cpuThrottledPeriods(120L).build()); // still throttled: nothing new
        add(c, figures().cpuPeriods(300L).cpuThrottledPeriods(120L).build()); // a tick between full reads
        add(c, figures().cpuPeriods(400L).cpuThrottledPeriods(120L).build());
        assertEquals(List.of("started: last start", "throttling began", "throttling ended: it ran 100 period(s) unthrottled"),
                seen());
    }

    @Test
    void theInferredPidsLimitAndTheKernelsCountOfRefusedForks() {
        Container c = running(T0);
        add(c, figures().pidsCurrent(5L).build());
        Instant at = add(c, figures().pidsCurrent(20L).build());
        add(c, figures().pidsCurrent(20L).build());
        timeline.pidsRefused("c1", at, 0L);
        timeline.pidsRefused("c1", at.plusSeconds(1), 7L);
        timeline.pidsRefused("c1", at.plusSeconds(2), 7L);
        add(c, figures().pidsCurrent(19L).build());
        add(c, figures().pidsCurrent(20L).build()); // once the kernel's count is read, no guess
        timeline.pidsRefused("c1", at.plusSeconds(3), 9L);
        assertEquals(List.of("started: last start", "at its pids limit: 20 of 20: new forks fail",
                "pids limit hit ×2: the kernel refused new processes (pids.events)"), seen());
    }

    @Test
    void pausedAndResumed() {
        Container c = running(T0);
        add(c, figures().build());
        add(c.withState(ContainerState.PAUSED), figures().build());
        add(c, figures().build());
        assertEquals(List.of("started: last start", "paused", "resumed"), seen());
    }

    @Test
    void aContainerAbsentForLongIsForgotten() {
        add(running(T0), figures().build());
        Container other = new Container("c2", "db", Runtime.JTOP, "bb", 101, ContainerState.RUNNING, "/jtop/c2", T0,
                null, false);
        for (int i = 0; i < Timeline.FORGET_AFTER; i++) {
            add(other, figures().build());
        }
        assertEquals(1, timeline.events("c1").size(), "a few missed snapshots keep it");
        add(other, figures().build());
        assertTrue(timeline.events("c1").isEmpty());
    }

    @Test
    void mergeKeepsAnEventToldTwiceOnceAndOrdersByTime() {
        ContainerEvent start = new ContainerEvent(T0, "docker", "start", "");
        ContainerEvent die = new ContainerEvent(T0.plusSeconds(2), "docker", "die", "exit code 137");
        ContainerEvent oom = new ContainerEvent(T0.plusSeconds(1), "jtop", "OOM kill", "x");
        ContainerEvent die2 = new ContainerEvent(T0.plusSeconds(3), "docker", "die", "exit code 137");
        List<ContainerEvent> merged = Timeline.merge(List.of(start, die), List.of(oom), List.of(die, die2));
        assertEquals(List.of("start", "OOM kill", "die"), merged.stream().map(ContainerEvent::action).toList());
        assertEquals(2, merged.get(2).count());
        assertEquals(die2.time(), merged.get(2).time());
    }

    @Test
    void anEnginesOwnLifecycleEventsReplaceWhatJtopSawOfIt() {
        add(running(T0), figures().oomKills(0L).build());
        add(running(T0), figures().oomKills(1L).build());
        add(running(T0.plusSeconds(5)), figures().oomKills(1L).build());
        assertEquals(List.of("OOM kill"), Timeline.withoutLifecycle(timeline.events("c1")).stream()
                .map(ContainerEvent::action).toList());
    }

    @Test
    void fromRecordIsTheLastStartAndExit() {
        Container exited = new Container("c1", "web", Runtime.JTOP, "bb", 0, ContainerState.EXITED, "/jtop/c1", T0, 3,
                false, null, null, T0.plusSeconds(5));
        List<ContainerEvent> e = Timeline.fromRecord(exited);
        assertEquals(List.of("started", "exited"), e.stream().map(ContainerEvent::action).toList());
        assertEquals("exit code 3", e.get(1).detail());
        assertEquals("runtime", e.get(1).source());
    }
}
