package io.jtop.metrics;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Runtime;
import io.jtop.container.Sample;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-29T00:00:00Z");

    private static Container container(String id) {
        return new Container(id, id, Runtime.DOCKER, null, 1, ContainerState.RUNNING, "/docker/" + id, null, null,
                false);
    }

    /** A sample with the fields History reads; the rest null. */
    private static Sample sample(Double cpu, Long memory, Long pids, Long memoryLimit, Long oomKills,
                                 Long throttledPeriods) {
        return Sample.builder().cpuPercent(cpu).cpuPeriods(100L).cpuThrottledPeriods(throttledPeriods)
                .cpuThrottledNanos(throttledPeriods == null ? null : throttledPeriods * 1000)
                .memoryWorkingSetBytes(memory).memoryLimitBytes(memoryLimit).oomKills(oomKills).pidsCurrent(pids)
                .pidsLimit(50L).build();
    }

    private static Snapshot snapshot(int second, Snapshot.Row... rows) {
        return new Snapshot(T0.plusSeconds(second), List.of(rows), Set.of());
    }

    private static Snapshot.Row row(String id, Sample s) {
        return new Snapshot.Row(container(id), s);
    }

    @Test
    void pointsComeOldestFirstWithGapsAsNaNAndMinusOne() {
        History h = new History(10);
        h.add(snapshot(0, row("a", sample(null, 100L, 3L, 1000L, 0L, 0L))));
        h.add(snapshot(1, row("a", sample(12.5, null, 4L, 2000L, 0L, 5L))));
        h.add(snapshot(2, row("a", sample(50.0, 300L, null, null, 0L, 7L))));
        History.Series s = h.series("a");
        assertEquals(3, s.size());
        assertArrayEquals(new long[] {T0.toEpochMilli(), T0.toEpochMilli() + 1000, T0.toEpochMilli() + 2000},
                s.epochMillis());
        assertArrayEquals(new double[] {Double.NaN, 12.5, 50.0}, s.cpuPercent());
        assertArrayEquals(new long[] {100, -1, 300}, s.memoryBytes());
        assertArrayEquals(new long[] {3, 4, -1}, s.pids());
        assertNull(s.memoryLimit(), "the latest limit: unlimited now");
        assertEquals(50L, s.pidsLimit());
        assertEquals(100L, s.cpuPeriods());
        assertEquals(7L, s.cpuThrottledPeriods());
        assertEquals(7000L, s.cpuThrottledNanos());
    }

    @Test
    void aFullRingKeepsTheNewestCapacityPoints() {
        History h = new History(3);
        for (int i = 0; i < 7; i++) {
            h.add(snapshot(i, row("a", sample((double) i, (long) i, (long) i, null, 0L, null))));
        }
        History.Series s = h.series("a");
        assertArrayEquals(new double[] {4, 5, 6}, s.cpuPercent());
        assertArrayEquals(new long[] {4, 5, 6}, s.memoryBytes());
        assertEquals(T0.plusSeconds(4).toEpochMilli(), s.epochMillis()[0]);
    }

    @Test
    void oomKillsAreSeenWhenTheCounterGrowsNotForKillsBeforeTheSession() {
        History h = new History(10);
        h.add(snapshot(0, row("a", sample(1.0, 1L, 1L, null, 3L, null))));  // 3 kills before we looked
        h.add(snapshot(1, row("a", sample(1.0, 1L, 1L, null, 3L, null))));
        h.add(snapshot(2, row("a", sample(1.0, 1L, 1L, null, 5L, null))));  // two more in one interval
        h.add(snapshot(3, row("a", sample(1.0, 1L, 1L, null, null, null)))); // unreadable this tick
        h.add(snapshot(4, row("a", sample(1.0, 1L, 1L, null, 6L, null))));
        History.Series s = h.series("a");
        assertEquals(List.of(T0.plusSeconds(2), T0.plusSeconds(4)), s.oomKillsSeen());
        assertEquals(6L, s.oomKills());
    }

    @Test
    void oomKillsSeenAreBoundedByTheCapacity() {
        History h = new History(2);
        for (int i = 0; i < 5; i++) {
            h.add(snapshot(i, row("a", sample(1.0, 1L, 1L, null, (long) i, null))));
        }
        assertEquals(List.of(T0.plusSeconds(3), T0.plusSeconds(4)), h.series("a").oomKillsSeen());
    }

    @Test
    void absentIdsAreForgottenAndRowsWithoutFiguresKeepTheirHistory() {
        History h = new History(10);
        h.add(snapshot(0, row("a", sample(1.0, 1L, 1L, null, 0L, null)), row("b", sample(2.0, 2L, 2L, null, 0L, null))));
        h.add(snapshot(1, row("a", null), row("b", sample(3.0, 3L, 3L, null, 0L, null))));
        assertEquals(1, h.series("a").size(), "an exited container keeps what was recorded");
        h.add(snapshot(2, row("b", sample(4.0, 4L, 4L, null, 0L, null))));
        assertNull(h.series("a"), "gone from the snapshot: forgotten");
        assertNull(h.series("never"));
        h.add(snapshot(3, row("a", sample(9.0, 9L, 9L, null, 0L, null)), row("b", sample(4.0, 4L, 4L, null, 0L, null))));
        assertArrayEquals(new double[] {9.0}, h.series("a").cpuPercent(), "it came back with a new history");
    }

    @Test
    void seriesIsACopyTheCallerCannotChange() {
        History h = new History(10);
        h.add(snapshot(0, row("a", sample(1.0, 1L, 1L, null, 0L, null))));
        History.Series s = h.series("a");
        s.cpuPercent()[0] = 99;
        h.add(snapshot(1, row("a", sample(2.0, 2L, 2L, null, 0L, null))));
        assertArrayEquals(new double[] {1.0}, s.cpuPercent(), "neither the caller nor add() changes a series");
    }

    @Test
    void seriesReadFromAnotherThreadWhileAddingIsAlwaysConsistent() throws Exception {
        History h = new History(50);
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<List<String>> reader = CompletableFuture.supplyAsync(() -> {
            List<String> problems = new ArrayList<>();
            while (!done.get()) {
                History.Series s = h.series("a");
                if (s == null) {
                    continue;
                }
                double[] cpu = s.cpuPercent();
                long[] mem = s.memoryBytes();
                long[] t = s.epochMillis();
                for (int i = 0; i < cpu.length; i++) {
                    // Every point was written with cpu == memory == its second.
                    if (cpu[i] != mem[i] || t[i] != T0.plusSeconds(mem[i]).toEpochMilli()
                            || (i > 0 && mem[i] != mem[i - 1] + 1)) {
                        problems.add("torn point " + i + " of " + cpu.length);
                    }
                }
            }
            return problems;
        });
        for (int i = 0; i < 20_000; i++) {
            h.add(snapshot(i, row("a", sample((double) i, (long) i, 1L, null, 0L, null))));
        }
        done.set(true);
        assertEquals(List.of(), reader.get());
        assertEquals(50, h.series("a").size());
    }
}
