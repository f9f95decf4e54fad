package io.jtop.linux.cgroup;

import io.jtop.backend.discovery.CgroupDiscovery;
import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.linux.proc.KernelFiles;
import io.jtop.linux.proc.ProcFs;
import io.jtop.testing.Trees;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every cgroup reader must do, run on a real capture of each kernel layout: the v1 hybrid
 * host this project is built on and a pure v2 Debian 12 host. Both captures hold a Docker
 * container run with {@code --memory 64m --cpus 0.5 --pids-limit 50} in a busy loop and a frozen
 * (paused) container.
 */
abstract class CgroupReaderContract {

    /** The fixture tree, an injected host root. */
    abstract Path root();

    abstract int version();

    /** The cgroup path of the limited busy-loop Docker container. */
    abstract String limitedDocker();

    abstract int limitedDockerPid();

    /** The cgroup path of the frozen container. */
    abstract String frozen();

    /** Every container the capture holds: id → runtime label. */
    abstract Map<String, String> containers();

    /** In a copy of the fixture tree: the limited container's memory usage file. */
    abstract Path memoryUsageFile(Path copy);

    /** In a copy of the fixture tree: the limited container's pids count file. */
    abstract Path pidsFile(Path copy);

    /** In a copy of the fixture tree: the frozen container's file that thaws it, and what thawing writes there. */
    abstract Path thawFile(Path copy);

    abstract String thawed();

    /** In a copy of the fixture tree: makes the limited container's CPU time move on. */
    abstract void addCpuTime(Path copy) throws IOException;

    KernelFiles files;
    Cgroup cgroup;
    ProcFs proc;

    @BeforeEach
    void open() {
        files = new KernelFiles(256);
        cgroup = Cgroups.open(root(), files);
        proc = new ProcFs(root(), files);
    }

    @AfterEach
    void close() {
        files.close();
    }

    @Test
    void detectsTheVersionOnce() {
        assertEquals(version(), cgroup.version());
    }

    @Test
    void discoveryListsEveryContainerWithRuntimeAndInit() {
        List<Container> found = new CgroupDiscovery(cgroup, proc).list(false);
        Map<String, String> expected = containers();
        assertEquals(expected.size(), found.size(), "containers found: " + found);
        for (Container c : found) {
            assertEquals(expected.get(c.id()), c.runtime().label(), c.id());
            assertTrue(c.pid() > 1, "init pid of " + c.id());
            assertNotNull(c.startedAt(), "start time of " + c.id());
        }
        Container docker = found.stream().filter(c -> c.cgroup().equals(limitedDocker())).findFirst().orElseThrow();
        assertEquals(limitedDockerPid(), docker.pid());
        assertEquals(ContainerState.RUNNING, docker.state());
    }

    @Test
    void aReadUnlessStillStopsAtTheCpuTimeWhenTheCountersHeldStill(@TempDir Path tmp) throws Exception {
        onACopy(tmp, (copy, r) -> {
            CgroupStats first = r.read(true, true);
            long usage = first.memoryUsage();
            Files.writeString(memoryUsageFile(copy), (usage + (64L << 20)) + "\n");
            assertSame(first, r.readUnlessStill(first), "no CPU time: the memory figure stands");
            assertEquals(usage + (64L << 20), r.read(false, false).memoryUsage(), "a read of the counters reads it");
            CgroupStats full = r.read(true, false);
            assertEquals(usage + (64L << 20), full.memoryUsage(), "a full read reads it");
            Files.writeString(memoryUsageFile(copy), (usage + (32L << 20)) + "\n");
            addCpuTime(copy);
            CgroupStats ran = r.readUnlessStill(full);
            assertEquals(usage + (32L << 20), ran.memoryUsage(), "CPU time moved: read again");
            Files.writeString(memoryUsageFile(copy), usage + "\n");
            Files.writeString(pidsFile(copy), "0\n");
            CgroupStats emptied = r.readUnlessStill(ran);
            assertEquals(0L, emptied.pidsCurrent(), "processes gone without CPU time: seen at once");
            assertEquals(usage, emptied.memoryUsage());
            assertEquals(usage, r.readUnlessStill(null).memoryUsage(), "nothing to compare with: read on");
        });
    }

    /**
     * {@code jtop serve}'s read: of a cgroup that ran nothing, what the kernel can move from
     * outside (here its memory usage, as reclaim would) is read again, the rest stands; once its
     * CPU time moves, everything is read.
     */
    @Test
    void aFullReadUnlessStillReadsWhatMovesFromOutsideOfACgroupThatRanNothing(@TempDir Path tmp) throws Exception {
        onACopy(tmp, (copy, r) -> {
            CgroupStats first = r.read(true, true);
            long usage = first.memoryUsage();
            Files.writeString(memoryUsageFile(copy), (usage - (16L << 20)) + "\n");
            CgroupStats idle = r.readFullUnlessStill(first);
            assertEquals(usage - (16L << 20), idle.memoryUsage(), "reclaimed from an idle cgroup: read again");
            assertEquals(first.cpuUsageNanos(), idle.cpuUsageNanos());
            assertEquals(first.breakdown().processes(), idle.breakdown().processes());
            assertEquals(first.limits(), idle.limits());
            addCpuTime(copy);
            CgroupStats ran = r.readFullUnlessStill(idle);
            assertEquals(first.cpuUsageNanos() + 1_000_000, ran.cpuUsageNanos(), "it ran: read whole");
            assertEquals(usage - (16L << 20), ran.memoryUsage());
            assertEquals(first.cpuUsageNanos(), r.readFullUnlessStill(null).cpuUsageNanos() - 1_000_000,
                    "nothing to compare with: read whole");
        });
    }

    /** What a test does with a reader of {@link #limitedDocker()} on a writable copy of the capture. */
    interface OnACopy {
        void run(Path copy, CgroupReader reader) throws Exception;
    }

    /** Runs {@code body} on a copy of the capture under {@code tmp}, with descriptors of its own. */
    private void onACopy(Path tmp, OnACopy body) throws Exception {
        Path copy = tmp.resolve("root");
        Trees.copy(root(), copy);
        KernelFiles own = new KernelFiles(256);
        try (CgroupReader r = Cgroups.open(copy, own).reader(limitedDocker())) {
            body.run(copy, r);
        } finally {
            own.close();
        }
    }

    @Test
    void aReaderWithoutTheBreakdownReadsEveryOtherFigure() {
        CgroupStats whole;
        CgroupStats without;
        try (CgroupReader r = cgroup.reader(limitedDocker())) {
            whole = r.read(true, true);
        }
        try (CgroupReader r = cgroup.reader(limitedDocker(), false)) {
            without = r.read(true, true);
        }
        assertNotNull(whole.breakdown().processes(), "the whole read has it");
        assertSame(CgroupBreakdown.NONE, without.breakdown());
        assertEquals(new CgroupStats(whole.cpuUsageNanos(), whole.cpuPeriods(), whole.cpuThrottledPeriods(),
                whole.cpuThrottledNanos(), whole.memoryUsage(), whole.memoryInactiveFile(), whole.swapUsage(),
                whole.oomKills(), whole.pidsCurrent(), whole.ioReadBytes(), whole.ioWriteBytes(), whole.psiCpuSome10(),
                whole.psiMemorySome10(), whole.psiIoSome10(), whole.frozen(), whole.limits(), CgroupBreakdown.NONE),
                without);
    }

    @Test
    void limitsAreExact() {
        CgroupStats s = cgroup.stats(limitedDocker());
        CgroupLimits l = s.limits();
        assertEquals(64L << 20, l.memoryMax());
        assertEquals(64L << 20, l.swapMax(), "docker --memory 64m allows as much swap again");
        assertEquals(50_000L, l.cpuQuotaMicros());
        assertEquals(100_000L, l.cpuPeriodMicros());
        assertEquals(0.5, l.cpus());
        assertEquals(50L, l.pidsMax());
        assertEquals(l.memoryMax(), cgroup.limits(limitedDocker()).memoryMax(), "full limits agree");
    }

    @Test
    void countersOfABusyLoopUnderQuota() {
        CgroupStats s = cgroup.stats(limitedDocker());
        assertTrue(s.cpuUsageNanos() > 1_000_000_000L, "a second of CPU at least: " + s.cpuUsageNanos());
        assertTrue(s.cpuThrottledPeriods() > 0, "throttled");
        assertTrue(s.cpuPeriods() >= s.cpuThrottledPeriods());
        assertTrue(s.cpuThrottledNanos() > 0);
        assertTrue(s.pidsCurrent() >= 1);
        assertNotNull(s.memoryUsage());
        assertEquals(Math.max(0, s.memoryUsage() - s.memoryInactiveFile()), s.memoryWorkingSet());
        assertFalse(s.frozen());
        assertNotNull(s.ioReadBytes());
        assertNotNull(s.oomKills());
    }

    @Test
    void thawWritesTheFreezerFileOfItsVersion(@TempDir Path tmp) throws Exception {
        Path copy = tmp.resolve("root");
        Trees.copy(root(), copy);
        Cgroups.open(copy, new KernelFiles(16)).thaw(frozen());
        assertEquals(thawed(), Files.readString(thawFile(copy)));
    }

    @Test
    void frozenCgroupIsPausedAndOthersAreNot() {
        assertTrue(cgroup.frozen(frozen()));
        assertFalse(cgroup.frozen(limitedDocker()));
        Container paused = new CgroupDiscovery(cgroup, proc).list(false).stream()
                .filter(c -> c.cgroup().equals(frozen())).findFirst().orElseThrow();
        assertEquals(ContainerState.PAUSED, paused.state());
    }

    @Test
    void processesOfAContainerIncludeItsInit() {
        assertTrue(cgroup.procs(limitedDocker()).contains(limitedDockerPid()));
        assertTrue(cgroup.pathOf(proc.cgroupText(limitedDockerPid())).equals(limitedDocker()));
    }

    @Test
    void aCgroupThatIsGoneGivesNullNotAnError() {
        assertNull(cgroup.stats("/docker/0000000000000000000000000000000000000000000000000000000000000000"));
        assertTrue(cgroup.procs("/nope").isEmpty());
        assertTrue(cgroup.directories("/nope").isEmpty());
        assertNull(cgroup.frozen("/nope"));
    }

    @Test
    void directoriesNameEachControllersCopy() {
        Map<String, Path> dirs = cgroup.directories(limitedDocker());
        assertFalse(dirs.isEmpty());
        dirs.values().forEach(d -> assertTrue(d.startsWith(root()), d.toString()));
    }

    @Test
    void memoryPeakIsTheKernelsHighWaterMarkAndNullForAGoneCgroup() throws IOException {
        Path file = version() == 1
                ? root().resolve("sys/fs/cgroup/memory" + limitedDocker() + "/memory.max_usage_in_bytes")
                : root().resolve("sys/fs/cgroup" + limitedDocker() + "/memory.peak");
        long expected = Long.parseLong(Files.readString(file).trim());
        assertTrue(expected > 0, file.toString());
        assertEquals(expected, cgroup.memoryPeak(limitedDocker()));
        assertNull(cgroup.memoryPeak("/docker/gone"));
    }

    @Test
    void pidsRefusedIsTheMaxLineOfPidsEventsAndNullForAGoneCgroup() throws IOException {
        Path file = version() == 1
                ? root().resolve("sys/fs/cgroup/pids" + limitedDocker() + "/pids.events")
                : root().resolve("sys/fs/cgroup" + limitedDocker() + "/pids.events");
        assertEquals("max 3", Files.readString(file).trim(), file.toString());
        assertEquals(3L, cgroup.pidsRefused(limitedDocker()));
        assertNull(cgroup.pidsRefused("/docker/gone"));
    }
}
