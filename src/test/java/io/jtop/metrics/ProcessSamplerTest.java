package io.jtop.metrics;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Runtime;
import io.jtop.linux.cgroup.Cgroup;
import io.jtop.linux.cgroup.Cgroups;
import io.jtop.linux.proc.KernelFiles;
import io.jtop.linux.proc.ProcFs;
import io.jtop.linux.proc.ProcStat;
import io.jtop.testing.Trees;
import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-process figures on a fake /proc beside the real v2 capture, whose counters the test rewrites
 * between calls with a hand-driven clock; and once on real child processes.
 */
class ProcessSamplerTest {

    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/cgroup-v2-debian12-6.1");
    private static final String DOCKER = "/system.slice/docker-a01ea2828a4456f3ddbb0f9c132daeee8d65fc3d0804faf35ed272b500bce17e.scope";
    private static final Container C = new Container("a01ea2828a44", "web", Runtime.DOCKER, null, 200,
            ContainerState.RUNNING, DOCKER, null, null, false);

    @TempDir
    Path root;

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final KernelFiles files = new KernelFiles(64);
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void tearDown() {
        files.close();
        children.forEach(Process::destroyForcibly);
    }

    private ProcessSampler onFixture() throws IOException {
        return onFixture(Map.of(0, "root", 33, "www")::get);
    }

    /** The fixture's users are named by {@code users}, the host's name service's stand-in. */
    private ProcessSampler onFixture(IntFunction<String> users) throws IOException {
        Trees.copy(FIXTURE, root);
        ProcFs proc = new ProcFs(root, files);
        Cgroup cgroup = Cgroups.open(root, files);
        return new ProcessSampler(new ProcessNames(users, Ticker.systemTicker()), cgroup, proc, nanos::get);
    }

    /** A process as the kernel shows it; the fixture has no aux vector, so 100 ticks/s and 4 KiB pages. */
    private void process(int pid, String comm, int uid, int innerPid, long cpuTicks, long startTicks, long rssPages,
                         String cmdline) throws IOException {
        Path dir = Files.createDirectories(root.resolve("proc/" + pid));
        Files.writeString(dir.resolve("stat"), pid + " (" + comm + ") S 1 1 1 0 -1 0 0 0 0 0 " + cpuTicks
                + " 0 0 0 20 0 1 0 " + startTicks + " 1000 " + rssPages + " 0 0\n");
        Files.writeString(dir.resolve("status"), "Name:\t" + comm + "\nPPid:\t1\nUid:\t" + uid + "\t" + uid + "\t"
                + uid + "\t" + uid + "\nNSpid:\t" + pid + "\t" + innerPid + "\n");
        Files.writeString(dir.resolve("cmdline"), cmdline);
    }

    private void procs(int... pids) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int p : pids) {
            b.append(p).append('\n');
        }
        Files.writeString(root.resolve("sys/fs/cgroup" + DOCKER + "/cgroup.procs"), b.toString());
    }

    @Test
    void cpuIsDeltaTicksOverClockTicksOverWallTimeAndTheBusiestComeFirst() throws IOException {
        ProcessSampler s = onFixture();
        process(200, "nginx", 0, 1, 1000, 50, 256, "nginx: master process\0-g\0daemon off;\0");
        process(201, "nginx", 33, 7, 2000, 60, 512, "nginx: worker process\0");
        procs(200, 201);
        List<ProcessSampler.Row> first = s.sample(C);
        assertEquals(List.of(200, 201), first.stream().map(ProcessSampler.Row::hostPid).toList(), "no rate yet: by pid");
        assertNull(first.get(0).cpuPercent());
        assertEquals(new ProcessSampler.Row(200, 1, "root", null, 256 * 4096L, "nginx: master process -g daemon off;"),
                first.get(0));

        process(200, "nginx", 0, 1, 1010, 50, 256, "nginx: master process\0-g\0daemon off;\0"); // 0.1 s of CPU
        process(201, "nginx", 33, 7, 2300, 60, 512, "nginx: worker process\0");                 // 3 s of CPU
        nanos.addAndGet(2_000_000_000L);                                                         // in 2 s
        List<ProcessSampler.Row> second = s.sample(C);
        assertEquals(201, second.get(0).hostPid());
        assertEquals(150.0, second.get(0).cpuPercent(), 1e-9);
        assertEquals("www", second.get(0).user());
        assertEquals(7, second.get(0).containerPid());
        assertEquals(5.0, second.get(1).cpuPercent(), 1e-9);
    }

    @Test
    void eachProcessIsOverItsOwnIntervalWhenTheOnesBeforeItAreSlowToRead() throws Exception {
        // The name of 200's user, asked at the first call, is slow to come (a name service over
        // the network): half a second passes meanwhile, in which 201 keeps running on one core.
        ProcessSampler s = onFixture(uid -> {
            nanos.addAndGet(500_000_000L);
            try {
                process(201, "busy", 0, 2, 1050, 60, 1, "busy\0");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return "root";
        });
        process(200, "slow", 0, 1, 100, 50, 1, "slow\0");
        process(201, "busy", 0, 2, 1000, 60, 1, "busy\0");
        procs(200, 201);
        assertEquals("root", s.sample(C).get(0).user());
        nanos.addAndGet(1_000_000_000L);
        process(201, "busy", 0, 2, 1150, 60, 1, "busy\0");
        assertEquals(100.0, s.sample(C).stream().filter(r -> r.hostPid() == 201).findFirst().orElseThrow()
                .cpuPercent(), 1e-9, "100 ticks in the 1 s since 201 was read, not in the 1.5 s since the call began");
    }

    @Test
    void vanishedRecycledAndNewProcesses() throws IOException {
        ProcessSampler s = onFixture();
        process(200, "sh", 0, 1, 100, 50, 1, "sh\0");
        process(201, "sleep", 0, 2, 100, 60, 1, "sleep\0100\0");
        procs(200, 201, 999); // 999 exits between the cgroup read and ours
        assertEquals(2, s.sample(C).size());

        process(201, "sleep", 0, 2, 100, 61, 1, "sleep\0100\0"); // pid 201 recycled: other start time
        process(202, "zombie", 1234, 3, 100, 70, 0, "");          // new, and without a command line
        procs(200, 201, 202);
        nanos.addAndGet(1_000_000_000L);
        List<ProcessSampler.Row> rows = s.sample(C);
        assertEquals(0.0, rows.get(0).cpuPercent(), "200 is the only one with a rate");
        assertNull(rows.get(1).cpuPercent(), "a recycled pid starts afresh");
        assertEquals(new ProcessSampler.Row(202, 3, "1234", null, 0, "[zombie]"), rows.get(2), "unknown uid: the number");

        procs(202);
        nanos.addAndGet(1_000_000_000L);
        s.sample(C); // forgets 200 and 201
        procs(200, 202);
        nanos.addAndGet(1_000_000_000L);
        List<ProcessSampler.Row> back = s.sample(C);
        assertEquals(List.of(202, 200), back.stream().map(ProcessSampler.Row::hostPid).toList());
        assertNull(back.get(1).cpuPercent(), "200 was forgotten while it was not in the cgroup");
    }

    @Test
    void aContainerWithoutCgroupHasNoProcesses() throws IOException {
        Container none = new Container("x", null, Runtime.DOCKER, null, 0, ContainerState.EXITED, null, null, 0, false);
        assertEquals(List.of(), onFixture().sample(none));
    }

    @Test
    void realChildProcesses() throws Exception {
        ProcFs proc = new ProcFs(Path.of("/"), files);
        ProcessSampler s = new ProcessSampler(new ProcessNames(), null, proc, nanos::get);
        Process sleeper = start("sleep", "300");
        Process busy = start("sh", "-c", "while :; do :; done");
        Process gone = start("true");
        gone.waitFor(10, TimeUnit.SECONDS);
        List<Integer> pids = List.of((int) gone.pid(), (int) sleeper.pid(), (int) busy.pid());

        List<ProcessSampler.Row> first = s.sample(pids);
        assertEquals(2, first.size(), "the exited child is skipped");
        ProcessSampler.Row sleep = first.stream().filter(r -> r.hostPid() == sleeper.pid()).findFirst().orElseThrow();
        assertEquals("sleep 300", sleep.command());
        assertEquals(sleep.hostPid(), sleep.containerPid(), "our own pid namespace");
        assertEquals(System.getProperty("user.name"), sleep.user());
        assertTrue(sleep.rssBytes() > 0);

        // Real CPU time must pass for the busy loop; the wall time is the hand clock's.
        ProcStat before = proc.statOnce((int) busy.pid());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (ticks(proc.statOnce((int) busy.pid())) < ticks(before) + 5 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        nanos.addAndGet(1_000_000_000L);
        List<ProcessSampler.Row> second = s.sample(pids);
        assertEquals(busy.pid(), second.get(0).hostPid(), "the busy loop first: " + second);
        assertTrue(second.get(0).cpuPercent() >= 5.0, second.toString());
        assertEquals(0.0, second.get(1).cpuPercent(), 0.0, "sleep spent no CPU: " + second);
    }

    private static long ticks(ProcStat s) {
        return s.utimeTicks() + s.stimeTicks();
    }

    private Process start(String... argv) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        children.add(p);
        return p;
    }
}
