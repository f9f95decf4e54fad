package io.jtop.backend.local;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.engine.bundle.RunOptions;
import io.jtop.engine.image.ImageImporter;
import io.jtop.engine.lifecycle.ContainerRecord;
import io.jtop.engine.lifecycle.LifecycleState;
import io.jtop.testing.Busybox;
import io.jtop.testing.Host;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** jtop's own runtime end to end as root: real overlay, conmon and runc, in a temp store. */
class LocalRuntimeIT {

    @TempDir
    Path tmp;

    private LocalRuntime rt;

    @BeforeEach
    void setUp() throws Exception {
        Host.requireRoot();
        Host.requireCommand("runc");
        Host.requireCommand("conmon");
        rt = fresh();
        new ImageImporter(rt.images(), s -> { }).importFrom(Busybox.rootfs(tmp.resolve("rootfs")), "bb");
    }

    /** Another runtime over the same store: what the next jtop process sees. */
    private LocalRuntime fresh() {
        return new LocalRuntime(tmp.resolve("root"), tmp.resolve("run"), Path.of("/usr/sbin/runc"), Path.of("/proc"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (rt != null) {
            for (Container c : rt.list(true)) {
                rt.remove(c.id(), true);
            }
        }
    }

    private static RunOptions.Builder opts(String name, String... args) {
        return RunOptions.builder().name(name).args(args);
    }

    @Test
    void exitCodesKillAndOomAreKeptAndSeenByTheNextProcess() throws Exception {
        ContainerRecord ok = rt.run("bb", opts("three", "sh", "-c", "echo hi; exit 3").build());
        assertTrue(rt.awaitExit(ok.id(), 10_000));
        assertEquals(3, rt.get("three").exitCode());
        assertEquals("hi", rt.logs(ok.id(), 10).get(0).text());

        ContainerRecord sleeper = rt.run("bb", opts("sleeper", "sleep", "1000").memory(32L << 20).pidsLimit(20L).build());
        assertEquals(LifecycleState.RUNNING, sleeper.state());
        assertTrue(Files.readString(Path.of("/proc", Long.toString(sleeper.pid()), "cgroup")).contains("/jtop/" + sleeper.id()));
        rt.kill("sleeper", "KILL");
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
        List<Container> all = next.list(true);
        assertEquals(3, all.size());
        assertTrue(all.stream().allMatch(c -> c.state() == ContainerState.EXITED));
        assertTrue(next.list(false).isEmpty(), "ps without -a shows none of them");
    }

    @Test
    void stopPauseRemoveAndADeadConmon() throws Exception {
        ContainerRecord r = rt.run("bb", opts("web", "sleep", "1000").build());
        rt.pause("web");
        assertEquals("FROZEN", Files.readString(Path.of("/sys/fs/cgroup/freezer/jtop", r.id(), "freezer.state")).trim());
        assertEquals(ContainerState.PAUSED, rt.list(false).get(0).state());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> rt.remove("web", false));
        assertTrue(refused.getMessage().contains("paused"), refused.getMessage());
        rt.unpause("web");
        long t0 = System.nanoTime();
        ContainerRecord stopped = rt.stop("web", 1); // sleep ignores nothing: TERM ends it
        assertEquals(LifecycleState.EXITED, stopped.state());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
        ContainerRecord again = rt.restart("web", 1);
        assertEquals(LifecycleState.RUNNING, again.state());
        assertTrue(again.pid() > 0 && again.pid() != r.pid(), "a new init process");
        assertEquals(LifecycleState.EXITED, rt.stop("web", 1).state());

        ContainerRecord orphan = rt.run("bb", opts("orphan", "sleep", "1000").build());
        Host.run("kill", "-9", Long.toString(orphan.conmonPid()));
        Thread.sleep(200);
        ContainerRecord seen = fresh().get("orphan");
        Container c = fresh().list(true).stream().filter(x -> x.name().equals("orphan")).findFirst().orElseThrow();
        assertEquals(ContainerState.EXITED, c.state());
        assertEquals(-1, (int) c.exitCode());
        assertEquals("conmon died without writing an exit code", fresh().get("orphan").exitReason());
        Host.run("kill", "-9", Long.toString(seen.pid() > 0 ? seen.pid() : orphan.pid()));

        rt.remove("web", false);
        rt.remove("orphan", true);
        assertTrue(rt.list(true).isEmpty());
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(tmp.toString()), "no mount left");
    }
}
