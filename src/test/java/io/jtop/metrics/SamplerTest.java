package io.jtop.metrics;

import io.jtop.backend.discovery.CgroupDiscovery;
import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Details;
import io.jtop.container.Membership;
import io.jtop.container.Runtime;
import io.jtop.container.Sample;
import io.jtop.linux.cgroup.Cgroup;
import io.jtop.linux.cgroup.Cgroups;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sampler on a writable copy of the real v2 capture: the test rewrites counter files between
 * ticks and advances a hand-driven clock, so rates are exact and nothing sleeps.
 */
class SamplerTest {

    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/cgroup-v2-debian12-6.1");
    private static final String DOCKER = "system.slice/docker-a01ea2828a4456f3ddbb0f9c132daeee8d65fc3d0804faf35ed272b500bce17e.scope";
    private static final String ID = "a01ea2828a4456f3ddbb0f9c132daeee8d65fc3d0804faf35ed272b500bce17e";

    @TempDir
    Path root;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private KernelFiles files;
    private Sampler sampler;

    private Sampler sampler() {
        ProcFs proc = new ProcFs(root, files);
        Cgroup cgroup = Cgroups.open(root, files);
        return new Sampler(new CgroupDiscovery(cgroup, proc), cgroup, proc, nanos::get,
                Clock.fixed(Instant.parse("2026-11-29T00:00:00Z"), ZoneOffset.UTC));
    }

    @BeforeEach
    void setUp() throws IOException {
        Trees.copy(FIXTURE, root);
        files = new KernelFiles(256);
        sampler = sampler();
    }

    @Test
    void aWarmedContainersNextSampleIsAFirstOneReadAfresh() throws IOException {
        List<Container> listed = new CgroupDiscovery(Cgroups.open(root, files),
                new ProcFs(root, files)).list(false);
        sampler.sample(List.of()); // a tick before: the next would not read the limits of a container already seen
        setKey(DOCKER + "/cpu.stat", "usage_usec", 1_000_000);
        sampler.warm(listed);
        // What changes between the warming and the sample is read, and no rate comes of the two.
        setKey(DOCKER + "/cpu.stat", "usage_usec", 3_000_000);
        Files.writeString(root.resolve("sys/fs/cgroup/" + DOCKER + "/memory.current"), "123456789\n");
        Files.writeString(root.resolve("sys/fs/cgroup/" + DOCKER + "/pids.max"), "77\n");
        nanos.addAndGet(1_000_000_000L);
        Sample warmed = docker(sampler.sample(listed));
        assertNull(warmed.cpuPercent());
        assertEquals(3_000_000_000L, warmed.cpuUsageNanos());
        assertEquals(123456789L, warmed.memoryUsageBytes());
        assertEquals(77L, warmed.pidsLimit(), "the limits are read again too");
        assertEquals(docker(sampler().sample(listed)), warmed, "the same as a sampler that never warmed");
    }

    @AfterEach
    void tearDown() {
        files.close();
    }

    @Test
    void cpuPercentIsDeltaCpuOverDeltaWallTimesHundred() throws IOException {
        setKey(DOCKER + "/cpu.stat", "usage_usec", 1_000_000);
        assertNull(docker(sampler.sample()).cpuPercent(), "no rate on the first tick");
        setKey(DOCKER + "/cpu.stat", "usage_usec", 1_500_000); // 0.5 s of CPU …
        nanos.addAndGet(1_000_000_000L);                        // … in 1 s of wall time
        assertEquals(50.0, docker(sampler.sample()).cpuPercent(), 1e-9);
        setKey(DOCKER + "/cpu.stat", "usage_usec", 5_500_000); // 2 busy cores for 2 s
        nanos.addAndGet(2_000_000_000L);
        assertEquals(200.0, docker(sampler.sample()).cpuPercent(), 1e-9);
    }

    @Test
    void aCounterThatGoesBackwardsGivesZeroNotANegativeRate() throws IOException {
        setKey(DOCKER + "/cpu.stat", "usage_usec", 9_000_000);
        sampler.sample();
        setKey(DOCKER + "/cpu.stat", "usage_usec", 10);
        nanos.addAndGet(1_000_000_000L);
        assertEquals(0.0, docker(sampler.sample()).cpuPercent());
    }

    @Test
    void ioRatesArePerSecond() throws IOException {
        write(DOCKER + "/io.stat", "254:16 rbytes=1000 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n");
        sampler.sample();
        write(DOCKER + "/io.stat", "254:16 rbytes=5000 wbytes=4096 rios=2 wios=1 dbytes=0 dios=0\n");
        nanos.addAndGet(2_000_000_000L);
        Sample s = docker(sampler.sample());
        assertEquals(2000.0, s.ioReadBytesPerSecond());
        assertEquals(2048.0, s.ioWriteBytesPerSecond());
    }

    @Test
    void withoutTheBreakdownEveryOtherFigureIsRead() {
        Sample whole = docker(sampler.sample());
        Sampler lean = sampler();
        lean.readBreakdown(false);
        Sample s = docker(lean.sample());
        assertNotNull(whole.processes(), "the whole sample has the breakdown");
        assertNull(s.processes());
        assertNull(s.cpuUserNanos());
        assertNull(s.ioDevices());
        assertNull(s.psiCpuSomeMicros());
        assertNull(s.netInterfaces());
        assertEquals(whole.cpuUsageNanos(), s.cpuUsageNanos());
        assertEquals(whole.memoryWorkingSetBytes(), s.memoryWorkingSetBytes());
        assertEquals(whole.ioReadBytes(), s.ioReadBytes());
        assertEquals(whole.psiCpuSome10(), s.psiCpuSome10());
        assertEquals(whole.memoryLimitBytes(), s.memoryLimitBytes());
    }

    @Test
    void workingSetLimitsAndUnlimitedFields() {
        Sample s = docker(sampler.sample());
        assertEquals(s.memoryUsageBytes() - inactiveFile(), s.memoryWorkingSetBytes());
        assertEquals(64L << 20, s.memoryLimitBytes());
        assertEquals(50L, s.pidsLimit());
        assertEquals(0.5, s.cpuLimit());
        Sample crio = sampler.sample().rows().stream()
                .filter(r -> r.container().id().startsWith("2ea1f0d7")).findFirst().orElseThrow().sample();
        assertNull(crio.memoryLimitBytes(), "memory.max 'max' is unlimited");
        assertNull(crio.cpuLimit(), "cpu.max 'max 100000' is unlimited");
        assertNull(crio.memoryPercent());
    }

    @Test
    void malformedOrMissingFilesGiveNullFieldsAndNeverThrow() throws IOException {
        write(DOCKER + "/memory.current", "garbage\n");
        Files.delete(root.resolve("sys/fs/cgroup/" + DOCKER + "/pids.max"));
        write(DOCKER + "/cpu.stat", "");
        Sample s = docker(sampler.sample());
        assertNull(s.memoryUsageBytes());
        assertNull(s.memoryWorkingSetBytes());
        assertNull(s.pidsLimit());
        assertNull(s.cpuUsageNanos());
        assertEquals(64L << 20, s.memoryLimitBytes(), "the rest is still read");
    }

    @Test
    void aContainerThatVanishesBetweenTicksIsSkipped() throws IOException {
        assertEquals(4, sampler.sample().rows().size());
        deleteTree(root.resolve("sys/fs/cgroup/" + DOCKER));
        Snapshot after = sampler.sample();
        assertEquals(3, after.rows().size());
        assertTrue(after.rows().stream().noneMatch(r -> r.container().id().equals(ID)));
    }

    @Test
    void anInitThatDropsItsCapabilitiesUnderTheSamePidIsNotFlaggedPrivilegedForLong() throws IOException {
        // runc's init holds every capability until it drops them and execs the container's
        // command, with the same pid and start time: a view that looked then saw it privileged.
        Files.createDirectories(root.resolve("proc/sys/kernel"));
        Files.writeString(root.resolve("proc/sys/kernel/cap_last_cap"), "40\n");
        Path status = root.resolve("proc/131/status");
        String all = Files.readString(status);
        assertTrue(all.contains("CapEff:\t000001ffffffffff\n"), all);
        Sampler every3 = continuous(3);
        assertEquals(true, docker(every3.sample()).privileged());
        Files.writeString(status, all.replace("CapEff:\t000001ffffffffff", "CapEff:\t00000000a80425fb"));
        Boolean privileged = null;
        for (int tick = 0; tick < 3; tick++) {
            ran();
            nanos.addAndGet(1_000_000_000L);
            privileged = docker(every3.sample()).privileged();
        }
        assertEquals(false, privileged, "read again within a full read's ticks");
    }

    @Test
    void aSettledInitIsReadAgainWithTheLimitsNotAtEachFullRead() throws IOException {
        // Its namespaces and capabilities cost the most of a full read (a link per namespace, the
        // status file); once two reads agree they are read with the limits only.
        Files.createDirectories(root.resolve("proc/sys/kernel"));
        Files.writeString(root.resolve("proc/sys/kernel/cap_last_cap"), "40\n");
        Path status = root.resolve("proc/131/status");
        String all = Files.readString(status);
        Sampler every3 = continuous(3);
        int tick = 0;
        for (; tick < 7; tick++) { // its first read and two full reads: the same identity each time
            ran();
            nanos.addAndGet(1_000_000_000L);
            assertEquals(true, docker(every3.sample()).privileged());
        }
        Files.writeString(status, all.replace("CapEff:\t000001ffffffffff", "CapEff:\t00000000a80425fb"));
        int changed = tick;
        Boolean privileged = true;
        for (; privileged && tick < changed + 3 * Sampler.LIMITS_PER_FULL; tick++) {
            ran();
            nanos.addAndGet(1_000_000_000L);
            privileged = docker(every3.sample()).privileged();
        }
        assertEquals(false, privileged, "read again with the limits");
        assertTrue(tick - changed > 3, "not at the next full read, but " + (tick - changed) + " ticks after");
    }

    @Test
    void continuousSamplingReadsSlowFiguresOnFullTicksAndMemoryStatWhenUsageMoves() throws IOException {
        Sampler every3 = continuous(3);
        long usage = docker(every3.sample()).memoryUsageBytes();
        long ws = docker(every3.sample()).memoryWorkingSetBytes();
        // Between full reads an OOM kill waits for the next full read, a new limit for the next
        // limits read …
        setKey(DOCKER + "/memory.events", "oom_kill", 7);
        write(DOCKER + "/pids.max", "77\n");
        // … and inactive page cache that moves while usage holds still is not re-read …
        setKey(DOCKER + "/memory.stat", "inactive_file", 0);
        Sample mid = docker(every3.sample());
        boolean sawFull = mid.oomKills() == 7L;
        if (!sawFull) {
            assertEquals(0L, mid.oomKills(), "OOM kills from the last full read");
            assertEquals(ws, mid.memoryWorkingSetBytes(), "memory.stat not re-read while usage holds");
        }
        // … but usage moving by 1 MiB or more re-reads memory.stat at once (it ran to allocate:
        // its CPU time and its parent's moved too).
        write(DOCKER + "/memory.current", (usage + (2L << 20)) + "\n");
        ran();
        Sample moved = docker(every3.sample());
        assertEquals(usage + (2L << 20), moved.memoryWorkingSetBytes(), "inactive_file 0 was read");
        boolean sawLimit = false;
        for (int i = 0; i < 3 * Sampler.LIMITS_PER_FULL; i++) {
            Sample s = docker(every3.sample());
            sawFull |= s.oomKills() == 7L;
            sawLimit |= s.pidsLimit() == 77L;
        }
        assertTrue(sawFull, "a full read within three ticks");
        assertTrue(sawLimit, "limits read within " + 3 * Sampler.LIMITS_PER_FULL + " ticks");
    }

    @Test
    void aNewContainerIsDiscoveredAtTheNextTickEvenWithCachedListings() throws IOException {
        Sampler every5 = continuous(5);
        assertEquals(4, every5.sample().rows().size());
        assertEquals(4, every5.sample().rows().size());
        // A second Docker scope appears beside the first, holding process 131 as well.
        Path twin = root.resolve("sys/fs/cgroup/system.slice/docker-" + "b".repeat(64) + ".scope");
        Trees.copy(root.resolve("sys/fs/cgroup/" + DOCKER), twin);
        assertEquals(5, every5.sample().rows().size(), "seen at the next tick");
    }

    @Test
    void containersUnderAParentThatRanNothingAreNotReadBetweenFullReads() throws IOException {
        Sampler every5 = continuous(5);
        setKey(DOCKER + "/cpu.stat", "usage_usec", 1_000_000);
        every5.sample();
        // The container's own counter moves, its parent's (system.slice) does not: a kernel never
        // does that, so the container was not read when its figure holds.
        setKey(DOCKER + "/cpu.stat", "usage_usec", 2_000_000);
        nanos.addAndGet(1_000_000_000L);
        Sample held = docker(every5.sample()); // tick 1 of 5: no container's full read (phases 0-3)
        assertEquals(1_000_000_000L, held.cpuUsageNanos(), "not read while its parent ran nothing");
        assertEquals(0.0, held.cpuPercent());
        // The parent's counter moves with it, as it does on a real host: read at once.
        setKey(DOCKER + "/cpu.stat", "usage_usec", 3_000_000);
        setKey("system.slice/cpu.stat", "usage_usec", 9_000_000);
        nanos.addAndGet(1_000_000_000L);
        Sample s = docker(every5.sample());
        assertEquals(3_000_000_000L, s.cpuUsageNanos());
        assertEquals(200.0, s.cpuPercent(), 1e-9);
    }

    @Test
    void aReadThatFindsTheSameFiguresKeepsTheRowObject() throws IOException {
        sampler.sample();
        nanos.addAndGet(1_000_000_000L);
        Snapshot.Row second = dockerRow(sampler.sample()); // a CPU % now, where the first had none
        nanos.addAndGet(1_000_000_000L);
        assertSame(second, dockerRow(sampler.sample()), "nothing moved: the row the UI drew last tick");
        Files.writeString(root.resolve("sys/fs/cgroup/" + DOCKER + "/memory.current"), "123456789\n");
        nanos.addAndGet(1_000_000_000L);
        Snapshot.Row moved = dockerRow(sampler.sample());
        assertNotSame(second, moved);
        assertEquals(123456789L, moved.sample().memoryUsageBytes());
    }

    /**
     * {@code jtop serve}'s sampler reads the cgroups on several threads: over 120 containers (the
     * fixture's, copied under other ids), tick after tick with counters, memory and a limit
     * changed between, it gives the very figures one thread gives, every container's own.
     */
    @Test
    void readingInParallelGivesWhatOneThreadGives() throws IOException {
        Path docker = root.resolve("sys/fs/cgroup/" + DOCKER);
        for (int i = 0; i < 119; i++) {
            Trees.copy(docker, docker.resolveSibling("docker-" + String.format("%064x", i) + ".scope"));
        }
        Sampler one = new Sampler(new CgroupDiscovery(Cgroups.open(root, files), new ProcFs(root, files)),
                Cgroups.open(root, files), new ProcFs(root, files), nanos::get, Clock.systemUTC(), Sampler.EXACT);
        Sampler many = new Sampler(new CgroupDiscovery(Cgroups.open(root, files), new ProcFs(root, files)),
                Cgroups.open(root, files), new ProcFs(root, files), nanos::get, Clock.systemUTC(), Sampler.EXACT);
        many.readInParallel(true);
        for (int tick = 0; tick < 8; tick++) {
            try (Stream<Path> scopes = Files.list(docker.getParent())) {
                int k = 0;
                for (Path scope : (Iterable<Path>) scopes.filter(d -> d.getFileName().toString().startsWith("docker-"))
                        .sorted()::iterator) {
                    String dir = "system.slice/" + scope.getFileName();
                    setKey(dir + "/cpu.stat", "usage_usec", 1_000_000L * tick + 1000L * k);
                    write(dir + "/memory.current", (100_000L * tick + k) + "\n");
                    write(dir + "/pids.max", (tick + k) + "\n");
                    k++;
                }
            }
            nanos.addAndGet(1_000_000_000L);
            Snapshot a = one.sample();
            Snapshot b = many.sample();
            assertTrue(a.rows().size() > 120, "the copies and the fixture's own: " + a.rows().size());
            assertEquals(a.rows(), b.rows(), "tick " + tick);
        }
    }

    @Test
    void theSnapshotCarriesTheInjectedTime() {
        assertEquals(Instant.parse("2026-11-29T00:00:00Z"), sampler.sample().time());
    }

    /**
     * A pod's own cgroup (here the fixture's {@code system.slice}, above its containers) is read
     * only while asked for: its figures and limits, and its CPU % over its own interval; a pod
     * cgroup that is gone is left out.
     */
    @Test
    void podCgroupsAreReadOnlyWhileAskedFor() throws IOException {
        List<Container> listed = new CgroupDiscovery(Cgroups.open(root, files), new ProcFs(root, files)).list(false)
                .stream().map(c -> !c.id().equals(ID) ? c : c.withDetails(new Details(Map.of(), null, null, null, null,
                        Membership.kubernetes("prod", "api", "u1", "burstable", "/system.slice", false, "api"))))
                .toList();
        List<Container> withGone = new ArrayList<>(listed);
        withGone.add(new Container("gone", "gone", Runtime.CONTAINERD, null, 0,
                ContainerState.RUNNING, "/kubepods/x", null, null, false,
                new Details(Map.of(), null, null, null, null,
                        Membership.kubernetes("prod", "gone", "u2", "burstable", "/kubepods/podgone", false, "x"))));
        assertEquals(Map.of(), sampler.sample(listed).cgroups(), "off: nothing of the pods read");
        Files.writeString(root.resolve("sys/fs/cgroup/system.slice/memory.max"), "268435456\n");
        Files.writeString(root.resolve("sys/fs/cgroup/system.slice/pids.max"), "100\n");
        setKey("system.slice/cpu.stat", "usage_usec", 5_000_000);
        sampler.readPodCgroups(true);
        Map<String, Sample> first = sampler.sample(withGone).cgroups();
        assertEquals(Set.of("/system.slice"), first.keySet(), "the gone pod cgroup is left out");
        Sample pod = first.get("/system.slice");
        assertEquals(268435456L, pod.memoryLimitBytes());
        assertEquals(100L, pod.pidsLimit());
        assertNull(pod.cpuPercent(), "no CPU % from one read");
        setKey("system.slice/cpu.stat", "usage_usec", 5_500_000);
        nanos.addAndGet(1_000_000_000L);
        assertEquals(50.0, sampler.sample(listed).cgroups().get("/system.slice").cpuPercent(), 1e-6);
        sampler.readPodCgroups(false);
        assertEquals(Map.of(), sampler.sample(listed).cgroups());
    }

    private Sample docker(Snapshot snap) {
        return dockerRow(snap).sample();
    }

    private Snapshot.Row dockerRow(Snapshot snap) {
        return snap.rows().stream().filter(r -> r.container().id().equals(ID)).findFirst().orElseThrow();
    }

    private long inactiveFile() {
        try {
            for (String line : Files.readAllLines(root.resolve("sys/fs/cgroup/" + DOCKER + "/memory.stat"))) {
                if (line.startsWith("inactive_file ")) {
                    return Long.parseLong(line.substring(14));
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no inactive_file");
    }

    /** A sampler as views have one: full reads every {@code every} ticks. */
    private Sampler continuous(int every) {
        ProcFs proc = new ProcFs(root, files);
        Cgroup cgroup = Cgroups.open(root, files);
        return new Sampler(new CgroupDiscovery(cgroup, proc, every), cgroup, proc, nanos::get, Clock.systemUTC(), every);
    }

    /** The Docker container ran: its CPU time moves, and so does its parent's. */
    private void ran() throws IOException {
        for (String dir : List.of(DOCKER, "system.slice")) {
            long usec = 0;
            for (String line : Files.readAllLines(root.resolve("sys/fs/cgroup/" + dir + "/cpu.stat"))) {
                if (line.startsWith("usage_usec ")) {
                    usec = Long.parseLong(line.substring(11));
                }
            }
            setKey(dir + "/cpu.stat", "usage_usec", usec + 1000);
        }
    }

    private void setKey(String file, String key, long value) throws IOException {
        Path p = root.resolve("sys/fs/cgroup/" + file);
        StringBuilder b = new StringBuilder();
        for (String line : Files.readAllLines(p)) {
            b.append(line.startsWith(key + " ") ? key + " " + value : line).append('\n');
        }
        Files.writeString(p, b.toString());
    }

    private void write(String file, String text) throws IOException {
        Files.writeString(root.resolve("sys/fs/cgroup/" + file), text);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
