package io.jtop.backend.local;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.LogLine;
import io.jtop.container.RunRequest;
import io.jtop.container.Runner;
import io.jtop.engine.bundle.RunOptions;
import io.jtop.engine.image.ImageImporter;
import io.jtop.engine.lifecycle.ContainerRecord;
import io.jtop.engine.lifecycle.LifecycleState;
import io.jtop.engine.lifecycle.LogOptions;
import io.jtop.engine.lifecycle.LogReader;
import io.jtop.engine.lifecycle.LogSink;
import io.jtop.linux.proc.KernelFiles;
import io.jtop.linux.proc.ProcFs;
import io.jtop.linux.proc.ProcStat;
import io.jtop.testing.Busybox;
import io.jtop.testing.Host;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** jtop's own runtime end to end as root: real overlay, conmon and runc, in a temp store. */
class LocalRuntimeIT {

    @TempDir
    Path tmp;

    private LocalRuntime rt;
    /** The same runtime as a backend: what the UI and the command line act through. */
    private LocalBackend b;

    @BeforeEach
    void setUp() throws Exception {
        Host.requireRoot();
        Host.requireCommand("runc");
        Host.requireCommand("conmon");
        rt = fresh();
        b = backend(rt);
        new ImageImporter(rt.images(), s -> { }).importFrom(Busybox.rootfs(tmp.resolve("rootfs")), "bb");
    }

    /** Another runtime over the same store: what the next jtop process sees. */
    private LocalRuntime fresh() {
        return new LocalRuntime(tmp.resolve("root"), tmp.resolve("run"), Path.of("/usr/sbin/runc"), Path.of("/proc"));
    }

    private static LocalBackend backend(LocalRuntime runtime) {
        return new LocalBackend(runtime);
    }

    // The command line's actions: the container a query names, as listed, through the backend.

    private void kill(String query, String signal) throws Exception {
        b.kill(b.container(query), signal);
    }

    private void pause(String query) throws Exception {
        b.pause(b.container(query));
    }

    private void unpause(String query) throws Exception {
        b.resume(b.container(query));
    }

    private ContainerRecord stop(String query, int graceSeconds) throws Exception {
        b.stop(b.container(query), graceSeconds);
        return rt.get(query);
    }

    private ContainerRecord restart(String query, int graceSeconds) throws Exception {
        b.restart(b.container(query), graceSeconds);
        return rt.get(query);
    }

    /** The last lines of a container's output, as the UI's log view gets them. */
    private List<LogLine> logs(Container c) throws Exception {
        List<LogLine> out = new ArrayList<>();
        b.logs(c, 10, false, out::add);
        return out;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (rt != null) {
            for (Container c : b.list(true)) {
                rt.remove(c.id(), true);
            }
        }
    }

    private static RunOptions.Builder opts(String name, String... args) {
        return RunOptions.builder().name(name).args(args);
    }

    /** The container as {@code list(true)} shows it now. */
    private Container listed(String id) {
        return b.list(true).stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " is not listed"));
    }

    private static String v1(String controller, String id, String file) throws Exception {
        return Files.readString(Path.of("/sys/fs/cgroup", controller, "jtop", id, file)).strip();
    }

    /** Whether a host process is there and not a zombie. */
    private static boolean alive(int pid) {
        ProcStat s = stat(pid);
        return s != null && s.state() != 'Z';
    }

    private static ProcStat stat(int pid) {
        try {
            return ProcStat.parse(Files.readString(Path.of("/proc", Integer.toString(pid), "stat")));
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void exitCodesKillAndOomAreKeptAndSeenByTheNextProcess() throws Exception {
        ContainerRecord ok = rt.run("bb", opts("three", "sh", "-c", "echo hi; exit 3").build());
        assertTrue(rt.awaitExit(ok.id(), 10_000));
        assertEquals(3, rt.get("three").exitCode());
        assertEquals("hi", logs(b.container(ok.id())).get(0).text());

        ContainerRecord sleeper = rt.run("bb", opts("sleeper", "sleep", "1000").memory(32L << 20).pidsLimit(20L).build());
        assertEquals(LifecycleState.RUNNING, sleeper.state());
        assertTrue(Files.readString(Path.of("/proc", Long.toString(sleeper.pid()), "cgroup")).contains("/jtop/" + sleeper.id()));
        // conmon marks an OOM kill with a file "oom" in its working directory: the container's (gone
        // with the rest of it once it exited), not wherever jtop was run.
        assertEquals(tmp.resolve("run").resolve(sleeper.id()).toRealPath(),
                Files.readSymbolicLink(Path.of("/proc", Long.toString(sleeper.conmonPid()), "cwd")), "conmon's directory");
        kill("sleeper", "KILL");
        assertTrue(rt.awaitExit(sleeper.id(), 10_000));

        ContainerRecord hog = rt.run("bb", opts("hog", "sh", "-c", "x=aaaaaaaa; while :; do x=$x$x; done")
                .memory(16L << 20).build());
        assertTrue(rt.awaitExit(hog.id(), 30_000), "the OOM killer ended it");

        LocalRuntime next = fresh();
        ContainerRecord killed = next.get("sleeper");
        assertEquals(137, killed.exitCode());
        assertFalse(killed.oomKilled());
        ContainerRecord oom = next.get("hog");
        assertEquals(137, oom.exitCode());
        assertTrue(oom.oomKilled());
        List<Container> all = backend(next).list(true);
        assertEquals(3, all.size());
        assertTrue(all.stream().allMatch(c -> c.state() == ContainerState.EXITED));
        assertTrue(backend(next).list(false).isEmpty(), "ps without -a shows none of them");
    }

    @Test
    void stopPauseRemoveAndADeadConmon() throws Exception {
        ContainerRecord r = rt.run("bb", opts("web", "sleep", "1000").build());
        pause("web");
        assertEquals("FROZEN", Files.readString(Path.of("/sys/fs/cgroup/freezer/jtop", r.id(), "freezer.state")).trim());
        assertEquals(ContainerState.PAUSED, b.list(false).get(0).state());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> rt.remove("web", false));
        assertTrue(refused.getMessage().contains("paused"), refused.getMessage());
        unpause("web");
        long t0 = System.nanoTime();
        ContainerRecord stopped = stop("web", 1); // sleep ignores nothing: TERM ends it
        assertEquals(LifecycleState.EXITED, stopped.state());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
        ContainerRecord again = restart("web", 1);
        assertEquals(LifecycleState.RUNNING, again.state());
        assertTrue(again.pid() > 0 && again.pid() != r.pid(), "a new init process");
        assertEquals(LifecycleState.EXITED, stop("web", 1).state());

        ContainerRecord orphan = rt.run("bb", opts("orphan", "sleep", "1000").build());
        Host.run("kill", "-9", Long.toString(orphan.conmonPid()));
        Thread.sleep(200);
        ContainerRecord seen = fresh().get("orphan");
        // A view's first listing only looks for the conmon's pid in /proc (here a zombie that nothing
        // reaped yet may still be there), for its first frame; the next tick's checks the conmon itself.
        LocalBackend view = backend(fresh());
        view.prefetch();
        view.list(true);
        Thread.sleep(LocalBackend.QUICK_LISTING_NANOS / 1_000_000 + 100);
        assertEquals(ContainerState.EXITED, view.list(true).stream().filter(x -> x.name().equals("orphan"))
                .findFirst().orElseThrow().state(), "seen by the view's second listing");
        Container c = backend(fresh()).list(true).stream().filter(x -> x.name().equals("orphan")).findFirst().orElseThrow();
        assertEquals(ContainerState.EXITED, c.state());
        assertEquals(-1, (int) c.exitCode());
        assertEquals("conmon died without writing an exit code", fresh().get("orphan").exitReason());
        Host.run("kill", "-9", Long.toString(seen.pid() > 0 ? seen.pid() : orphan.pid()));

        rt.remove("web", false);
        rt.remove("orphan", true);
        assertTrue(b.list(true).isEmpty());
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(tmp.toString()), "no mount left");
    }

    /** Freezes a container as something other than jtop would: by hand on the freezer, or runc's pause. */
    private void freezeOutsideJtop(ContainerRecord r, boolean byHand) throws Exception {
        if (byHand) {
            Host.freeze(Path.of("/sys/fs/cgroup/freezer/jtop", r.id(), "freezer.state"));
        } else {
            Host.run("runc", "--root", tmp.resolve("run/runc").toString(), "pause", r.id());
        }
        assertEquals("FROZEN", v1("freezer", r.id(), "freezer.state"));
    }

    @Test
    void aContainerFrozenOutsideJtopIsThawedToBeStoppedOrKilledAndPauseAndUnpauseSeeIt() throws Exception {
        Host.requireV1Freezer();
        for (boolean byHand : new boolean[] {true, false}) {
            ContainerRecord stopped = rt.run("bb", opts("stop-" + byHand, "sleep", "1000").build());
            freezeOutsideJtop(stopped, byHand);
            long t0 = System.nanoTime();
            assertEquals(LifecycleState.EXITED, stop(stopped.id(), 1).state(), "stopped, not left frozen");
            assertTrue(System.nanoTime() - t0 < 8_000_000_000L, "TERM, then KILL after the 1 s grace");
            assertFalse(alive((int) stopped.pid()));

            ContainerRecord killed = rt.run("bb", opts("kill-" + byHand, "sleep", "1000").build());
            freezeOutsideJtop(killed, byHand);
            kill(killed.id(), "KILL");
            assertTrue(rt.awaitExit(killed.id(), 10_000), "a frozen process dies of SIGKILL only once thawed");
            assertEquals(137, rt.get(killed.id()).exitCode());
        }

        ContainerRecord r = rt.run("bb", opts("paused", "sleep", "1000").build());
        freezeOutsideJtop(r, true);
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> pause(r.id()));
        assertEquals("paused is already paused", twice.getMessage());
        unpause(r.id());
        assertEquals("THAWED", v1("freezer", r.id(), "freezer.state"));
        assertEquals(LifecycleState.RUNNING, rt.get(r.id()).state());
        IllegalStateException notPaused = assertThrows(IllegalStateException.class, () -> unpause(r.id()));
        assertEquals("paused is running, not paused", notPaused.getMessage());
        pause(r.id());
        Files.writeString(Path.of("/sys/fs/cgroup/freezer/jtop", r.id(), "freezer.state"), "THAWED"); // thawed by hand
        pause(r.id()); // the record said paused: the freezer says what it is
        assertEquals("FROZEN", v1("freezer", r.id(), "freezer.state"));
        rt.remove(r.id(), true);
        assertFalse(alive((int) r.pid()), "rm -f thawed and killed it");
    }

    @Test
    void runRequestGivesTheListedContainerWithItsLimitsInItsCgroup() throws Exception {
        assertTrue(b.capability(null, Runner.class).isPresent());
        assertEquals(List.of("bb:latest"), b.imageNames());
        Container c = b.run(new RunRequest("bb", "limited", List.of("sleep", "1000"), 48L << 20, 0.5, 30L));
        assertEquals(listed(c.id()), c, "as list() shows it");
        assertEquals(ContainerState.RUNNING, c.state());
        assertEquals("limited", c.name());
        assertEquals("/jtop/" + c.id(), c.cgroup());
        assertTrue(Files.readString(Path.of("/proc", Integer.toString(c.pid()), "cgroup")).contains("/jtop/" + c.id()));
        assertEquals(Long.toString(48L << 20), v1("memory", c.id(), "memory.limit_in_bytes"));
        assertEquals("50000", v1("cpu", c.id(), "cpu.cfs_quota_us"));
        assertEquals("100000", v1("cpu", c.id(), "cpu.cfs_period_us"));
        assertEquals("30", v1("pids", c.id(), "pids.max"));
        assertEquals(new ProcFs(Path.of("/"), new KernelFiles(4)).startedAt(stat(c.pid()).startTimeTicks()),
                c.startedAt(), "started when its init did");
    }

    @Test
    void aRecordThatDidNotChangeIsListedAsTheSameObjectAfterARelisting() throws Exception {
        Container c = b.run(new RunRequest("bb", "same", List.of("sleep", "1000"), null, null, null));
        Container before = listed(c.id());
        b.changed(before); // the next listing reads every record again
        assertSame(before, listed(c.id()), "the view's and the sampler's work on it stays good");
        b.stop(before, 1);
        Container stopped = listed(c.id());
        assertNotSame(before, stopped);
        assertEquals(ContainerState.EXITED, stopped.state());
    }

    @Test
    void theBackendActionsOnAListedContainer() throws Exception {
        Container c = b.run(new RunRequest("bb", "acts", List.of("sh", "-c", "echo out; echo err >&2; exec sleep 1000"),
                null, null, null));
        List<LogLine> logs = List.of();
        for (long end = System.nanoTime() + 10_000_000_000L; logs.size() < 2 && System.nanoTime() < end; ) {
            Thread.sleep(20);
            logs = logs(c);
        }
        assertEquals(List.of("out", "err"), logs.stream().map(LogLine::text).toList());
        assertEquals(List.of(false, true), logs.stream().map(LogLine::stderr).toList());
        assertTrue(logs.stream().allMatch(l -> l.time() != null), "conmon logs a time: " + logs);
        assertTrue(b.config(c).contains("\"ociVersion\""), "the bundle's config.json");

        b.pause(c);
        assertEquals("FROZEN", v1("freezer", c.id(), "freezer.state"));
        assertEquals(ContainerState.PAUSED, listed(c.id()).state());
        b.resume(c);
        assertEquals("THAWED", v1("freezer", c.id(), "freezer.state"));
        assertEquals(ContainerState.RUNNING, listed(c.id()).state());

        b.kill(c, "KILL");
        assertTrue(rt.awaitExit(c.id(), 10_000));
        Container exited = listed(c.id());
        assertEquals(ContainerState.EXITED, exited.state());
        assertEquals(137, exited.exitCode());
        assertFalse(alive(c.pid()));

        b.start(exited);
        Container again = listed(c.id());
        assertEquals(ContainerState.RUNNING, again.state());
        assertTrue(again.pid() > 0 && again.pid() != c.pid() && alive(again.pid()), "a new init");
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> b.start(again));
        assertEquals("acts is running: only a created or exited container can be started", twice.getMessage());

        b.stop(again, 1);
        assertEquals(ContainerState.EXITED, listed(c.id()).state());
        b.remove(listed(c.id()), false);
        assertTrue(b.list(true).isEmpty());
    }

    @Test
    void aContainerListedBeforeItsRestartIsRefusedAndItsNewProcessIsLeftAlone() throws Exception {
        Container before = b.run(new RunRequest("bb", "stale", List.of("sleep", "1000"), null, null, null));
        b.restart(before, 1);
        Container now = listed(before.id());
        assertTrue(now.pid() != before.pid() && alive(now.pid()));
        assertTrue(now.startedAt().isAfter(before.startedAt()), before.startedAt() + " then " + now.startedAt());
        // The same pid with the old start time: what a recycled pid would look like.
        Container recycled = new Container(now.id(), now.name(), now.runtime(), now.image(), now.pid(), now.state(),
                now.cgroup(), before.startedAt(), null, false);

        for (Container stale : List.of(before, recycled)) {
            for (Executable action : List.<Executable>of(() -> b.kill(stale, "KILL"), () -> b.stop(stale, 1),
                    () -> b.restart(stale, 1), () -> b.pause(stale), () -> b.remove(stale, true))) {
                IllegalStateException e = assertThrows(IllegalStateException.class, action);
                assertEquals("stale: process changed since it was listed", e.getMessage());
            }
        }
        Container after = listed(before.id());
        assertEquals(now, after, "still the same process, running");
        assertTrue(alive(now.pid()));
        assertEquals("THAWED", v1("freezer", now.id(), "freezer.state"));
        b.kill(now, "KILL"); // the current listing is obeyed
        assertTrue(rt.awaitExit(now.id(), 10_000));
        assertEquals(137, listed(now.id()).exitCode());
    }

    @Test
    void anExitedContainerLetsGoOfItsMountAndItsStartMountsItAgain() throws Exception {
        // Exits 1 the first time, 0 the next: only if /kept, made by the first run, is still there.
        ContainerRecord r = rt.run("bb", opts("remount", "sh", "-c", "test -f /kept; k=$?; touch /kept; exit $k").build());
        assertTrue(rt.awaitExit(r.id(), 10_000));
        assertEquals(1, rt.get("remount").exitCode());
        String merged = tmp.resolve("root/snapshots").resolve(r.id()).resolve("merged").toString();
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(merged), "its mount went when it exited");
        b.start(listed(r.id()));
        assertTrue(rt.awaitExit(r.id(), 10_000));
        assertEquals(0, rt.get("remount").exitCode(), "its snapshot was mounted again, with what the first run wrote");
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(merged), "and let go again");
    }

    @Test
    void aContainerBeingCreatedIsNotTakenForDeadByAnotherProcessListingMeanwhile() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger looks = new AtomicInteger();
        Set<String> seenExited = ConcurrentHashMap.newKeySet();
        Thread lister = new Thread(() -> {
            while (!done.get()) {
                for (Container c : backend(fresh()).list(true)) { // as another jtop process would see them: `jtop ps`
                    if (c.state() == ContainerState.EXITED) {
                        seenExited.add(c.name());
                    }
                }
                looks.incrementAndGet();
            }
        });
        lister.start();
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                ids.add(rt.run("bb", opts("made-" + i, "sleep", "1000").build()).id());
            }
        } finally {
            done.set(true);
            lister.join();
        }
        assertTrue(looks.get() > 3, "the other process looked while they were made: " + looks.get());
        assertEquals(Set.of(), seenExited, "listed as exited while they were made");
        for (String id : ids) {
            assertEquals(LifecycleState.RUNNING, rt.get(id).state(), rt.get(id).exitReason());
            assertEquals(ContainerState.RUNNING, listed(id).state());
            assertFalse(Files.exists(tmp.resolve("root/containers").resolve(id).resolve("creating")));
        }
    }

    /**
     * A container that exited while no jtop ran is listed as exited when its exit file was written
     * (conmon writes it as the container ends), not when a jtop next looked.
     */
    @Test
    void anExitSeenLaterIsDatedByItsExitFile() throws Exception {
        ContainerRecord r = rt.run("bb", opts("gone-early", "sh", "-c", "exit 3").build());
        Path exitFile = tmp.resolve("run").resolve("exits").resolve(r.id());
        long end = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(exitFile) && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(exitFile), "conmon wrote the exit file");
        Instant then = Instant.now().minusSeconds(2 * 3600).truncatedTo(ChronoUnit.SECONDS);
        Files.setLastModifiedTime(exitFile, FileTime.from(then)); // as if it had exited two hours ago
        Container c = backend(fresh()).list(true).stream().filter(x -> x.id().equals(r.id())).findFirst().orElseThrow();
        assertEquals(ContainerState.EXITED, c.state());
        assertEquals(3, c.exitCode());
        assertEquals(then, c.finishedAt());
    }

    @Test
    void aConmonThatWritesItsExitFileAndEndsAfterTheExitDirectoryWasReadIsNotTakenForDead() throws Exception {
        // A listing reads the exit directory once, then looks at each conmon. A container killed
        // just before (a view relists as its cgroup empties) may have its conmon write the exit
        // file and end in between: that is an exit with the file's code, not a conmon that died.
        for (boolean quick : new boolean[] {false, true}) {
            ContainerRecord r = rt.run("bb", opts("late-" + quick, "sleep", "1000").build());
            LocalRuntime view = fresh(); // a process that has not seen this conmon alive yet
            Reconciling look = view.reconciling();
            Reconciling.Facts before = look.facts(false);
            Host.run("kill", "-9", Long.toString(r.pid()));
            long end = System.nanoTime() + 10_000_000_000L;
            while (alive((int) r.conmonPid()) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertFalse(alive((int) r.conmonPid()), "conmon ended after writing the exit file");
            // quick: /proc's pids were read after the conmon ended and was reaped (here its zombie
            // may wait a while for pid 1), the exit directory before.
            Set<Integer> reaped = new HashSet<>(look.facts(true).pids());
            reaped.remove((int) r.conmonPid());
            Reconciling.Facts facts = quick ? new Reconciling.Facts(before.exitFiles(), reaped) : before;
            ContainerRecord seen = look.reconcile(view.get(r.id()), facts);
            assertEquals(LifecycleState.EXITED, seen.state(), "quick=" + quick + ", conmon " + stat((int) r.conmonPid()));
            assertEquals(137, seen.exitCode(), "quick=" + quick + ": " + seen.exitReason());
            assertNull(seen.exitReason());
        }
    }
    /**
     * conmon replaces a full log file by renaming a new one over it, so output it has rotated away is
     * gone for a reader that opens the log afterwards; a reader opened between create and start (as
     * an attached {@code jtop run} opens it) still holds the first file whole. Deterministic: the
     * container has exited, so every rotation is done, before either reader reads.
     */
    @Test
    void aLogOpenedBeforeTheStartHoldsWhatConmonRotatedAway() throws Exception {
        // 1,000 lines of 55 bytes are 100,000 bytes of log (each entry has a 45-byte head): conmon
        // replaces the 64 KiB file once, and never the second.
        long size = 55_000;
        LogOptions small = new LogOptions(64 << 10, 1);
        LogReader[] early = new LogReader[1];
        ContainerRecord r = rt.run("bb", opts("rotated", "/bin/sh", "-c",
                "yes 'the quick brown fox jumps over the lazy dog 0123456789' | head -c " + size).build(), small,
                id -> early[0] = rt.openLog(id));
        assertTrue(rt.awaitExit(r.id(), 30_000), "the container did not exit within 30 s");
        long[] late = new long[1];
        rt.logs(r.id(), -1, false, counting(late));
        assertTrue(late[0] < size, "a reader opened after the output sees only the last file: " + late[0]);
        long[] all = new long[1];
        try (LogReader reader = early[0]) {
            rt.follow(r.id(), reader, counting(all));
        }
        assertEquals(size, all[0], "what the reader opened before the start read");
    }

    /** A sink that adds up the bytes of the lines it is given, a newline after each. */
    private static LogSink counting(long[] total) {
        return (entry, b, off, len, first, end) -> total[0] += len + (end ? 1 : 0);
    }
}
