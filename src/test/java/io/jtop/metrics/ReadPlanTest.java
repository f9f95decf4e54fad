package io.jtop.metrics;

import io.jtop.container.ContainerState;
import io.jtop.linux.cgroup.CgroupStats;
import io.jtop.linux.cgroup.Cgroups;
import io.jtop.linux.proc.KernelFiles;
import io.jtop.testing.Trees;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules of when the sampler reads a container's cgroup, on a writable copy of the real v2
 * capture: the test moves the container's and its parent's CPU time by hand between ticks.
 */
class ReadPlanTest {

    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/cgroup-v2-debian12-6.1");
    private static final String PARENT = "/system.slice";
    private static final String DOCKER = PARENT
            + "/docker-a01ea2828a4456f3ddbb0f9c132daeee8d65fc3d0804faf35ed272b500bce17e.scope";

    @TempDir
    Path root;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private KernelFiles files;
    private ReadPlan.Plans plans;

    @BeforeEach
    void setUp() throws IOException {
        Trees.copy(FIXTURE, root);
        files = new KernelFiles(256);
    }

    @AfterEach
    void tearDown() {
        files.close();
    }

    private ReadPlan plan(int fullEvery) {
        plans = new ReadPlan.Plans(Cgroups.open(root, files), nanos::get, fullEvery);
        return plans.of(DOCKER);
    }

    @Test
    void aCgroupThatRanNothingKeepsItsFiguresWhileItsParentRan() throws IOException {
        ReadPlan p = plan(5);
        CgroupStats first = p.read(0, true, ContainerState.RUNNING, null);
        assertTrue(p.full(), "a first read reads everything");
        long usage = first.memoryUsage();
        write(DOCKER + "/memory.current", (usage + (64L << 20)) + "\n");
        addCpu(PARENT); // a sibling ran, this one did not
        assertSame(first, p.read(1, false, ContainerState.RUNNING, first), "no CPU time: the memory figure stands");
        assertFalse(p.full());
        addCpu(PARENT);
        addCpu(DOCKER);
        CgroupStats ran = p.read(2, false, ContainerState.RUNNING, first);
        assertEquals(usage + (64L << 20), ran.memoryUsage(), "CPU time moved: read again");
        addCpu(PARENT);
        write(DOCKER + "/pids.current", "0\n");
        assertEquals(0L, p.read(3, false, ContainerState.RUNNING, ran).pidsCurrent(),
                "processes gone without CPU time: seen at once");
    }

    @Test
    void whileItsParentRanNothingAContainerIsNotReadAndItsFiguresAreDatedByTheParentsRead() throws IOException {
        ReadPlan p = plan(5);
        CgroupStats first = p.read(0, true, ContainerState.RUNNING, null);
        addCpu(DOCKER); // never so on a real host: shows that it was not read
        nanos.addAndGet(1_000_000_000L);
        long parentRead = nanos.get();
        CgroupStats held = p.read(1, false, ContainerState.RUNNING, first);
        assertSame(first, held);
        assertEquals(parentRead, p.at());
        addCpu(PARENT);
        assertNotSame(first, p.read(2, false, ContainerState.RUNNING, first), "its parent ran: read");
    }

    @Test
    void anIdleContainerGetsEverySixthOfItsFullReadsAndAnotherStateIsReadAtOnce() throws IOException {
        ReadPlan p = plan(2);
        CgroupStats last = null;
        List<Long> fullTicks = new ArrayList<>();
        for (long tick = 0; tick <= 4 * ReadPlan.IDLE_FULLS; tick++) {
            last = p.read(tick, tick == 0, ContainerState.RUNNING, last);
            if (p.full()) {
                fullTicks.add(tick);
            }
        }
        assertEquals(List.of(0L, 12L, 24L), fullTicks, "every 2nd tick would be full if it ran");
        p.read(25, false, ContainerState.PAUSED, last);
        assertTrue(p.full(), "listed in another state: everything read");
        addCpu(PARENT);
        addCpu(DOCKER);
        p.read(26, false, ContainerState.PAUSED, last);
        assertTrue(p.full(), "it ran since its last full read: full reads every 2nd tick again");
    }

    @Test
    void withFullReadsEveryTickEveryReadIsFull() throws IOException {
        ReadPlan p = plan(Sampler.EXACT);
        CgroupStats last = null;
        for (long tick = 0; tick < 3; tick++) {
            last = p.read(tick, tick == 0, ContainerState.RUNNING, last);
            assertTrue(p.full());
        }
    }

    /**
     * {@code jtop serve}'s plan: an idle container (neither it nor its parent ran) is still read at
     * every tick for whatever something outside it can move (swap and memory the kernel reclaims,
     * pressure, block I/O written back for it, its freezer state), so a scrape never shows such a
     * figure of an earlier one; {@code memory.stat} is read again as soon as usage moves; what
     * only moves while it runs (OOM kills) is read once its CPU time moves, or with the limits,
     * which change seldom and wait for every 6th tick.
     */
    @Test
    void anExactPlanReadsWhatCanMoveAtEveryTickAndTheLimitsAtEverySixth() throws IOException {
        ReadPlan p = plan(Sampler.EXACT);
        CgroupStats last = p.read(0, true, ContainerState.RUNNING, null);
        long usage = last.memoryUsage();
        for (long tick = 1; tick <= 8; tick++) {
            write(DOCKER + "/memory.max", (100L << 20) + tick + "\n");
            write(DOCKER + "/memory.stat", "anon " + tick + "\nfile 7\ninactive_file 3\n");
            write(DOCKER + "/memory.swap.current", tick + "\n");
            write(DOCKER + "/io.pressure", "some avg10=0.00 avg60=0.00 avg300=0.00 total=" + tick
                    + "\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=" + tick + "\n");
            write(DOCKER + "/io.stat", "254:16 rbytes=" + tick + " wbytes=" + tick + " rios=1 wios=1 dbytes=0 dios=0\n");
            write(DOCKER + "/memory.events", "oom 0\noom_kill " + tick + "\n");
            boolean moved = tick >= 4; // usage moves by a byte from tick 4 on
            write(DOCKER + "/memory.current", (usage + (moved ? tick : 0)) + "\n");
            CgroupStats s = p.read(tick, false, ContainerState.RUNNING, last);
            assertTrue(p.full(), "tick " + tick);
            // the limits at every 6th tick only (the phase of the first plan is 0), as of then
            long limitsTick = tick / ReadPlan.LIMITS_PER_FULL * ReadPlan.LIMITS_PER_FULL;
            assertEquals(tick % ReadPlan.LIMITS_PER_FULL == 0, p.limits(), "limits read at tick " + tick);
            assertEquals(limitsTick == 0 ? 64L << 20 : (100L << 20) + limitsTick, s.limits().memoryMax(),
                    "limits at tick " + tick);
            assertEquals(tick, s.swapUsage(), "swap at tick " + tick);
            assertEquals(tick, s.breakdown().ioPressure().someMicros(), "pressure at tick " + tick);
            assertEquals(2 * tick, s.ioReadBytes() + s.ioWriteBytes(), "io.stat at tick " + tick);
            assertEquals(moved ? tick : last.breakdown().memoryRss(), s.breakdown().memoryRss(),
                    "memory.stat at tick " + tick + ", usage " + (moved ? "moved" : "still"));
            assertEquals(p.limits() ? tick : last.oomKills(), s.oomKills(),
                    "OOM kills of a container that ran nothing (read whole with the limits), tick " + tick);
            last = s;
        }
        addCpu(DOCKER);
        write(DOCKER + "/memory.stat", "anon 99\nfile 7\ninactive_file 3\n");
        CgroupStats ran = p.read(9, false, ContainerState.RUNNING, last);
        assertEquals(99L, ran.breakdown().memoryRss(), "it ran: memory.stat read");
        assertEquals(8L, ran.oomKills(), "it ran: its OOM kills read (as written at tick 8)");
    }

    private void addCpu(String cgroup) throws IOException {
        Path f = root.resolve("sys/fs/cgroup" + cgroup + "/cpu.stat");
        StringBuilder b = new StringBuilder();
        for (String line : Files.readAllLines(f)) {
            b.append(line.startsWith("usage_usec ")
                    ? "usage_usec " + (Long.parseLong(line.substring(11)) + 1000) : line).append('\n');
        }
        Files.writeString(f, b.toString());
    }

    private void write(String file, String text) throws IOException {
        Files.writeString(root.resolve("sys/fs/cgroup" + file), text);
    }
}
