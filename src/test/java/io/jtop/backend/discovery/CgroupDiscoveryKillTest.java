package io.jtop.backend.discovery;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Runtime;
import io.jtop.linux.proc.KernelFiles;
import io.jtop.linux.proc.ProcFs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Discovery's one action refuses what it can tell without the process: a listing with no start
 * time, a process gone, a bad signal; checked on a /proc tree of two files (no aux vector, so 100
 * ticks a second). A listing whose start time is not the process's is refused under the pidfd,
 * against a real process: CgroupDiscoveryKillIT.
 */
class CgroupDiscoveryKillTest {

    private static final long BOOT = 1_700_000_000L;

    @TempDir
    Path root;

    private ProcFs proc;
    private CgroupDiscovery discovery;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(root.resolve("proc/4242"));
        Files.writeString(root.resolve("proc/stat"), "cpu  1 2 3 4\nbtime " + BOOT + "\nprocesses 9\n");
        // start time (field 22) 5050 ticks after boot: 50.5 s
        Files.writeString(root.resolve("proc/4242/stat"),
                "4242 (sleep) S 1 4242 4242 0 -1 4194560 90 0 0 0 0 0 0 0 20 0 1 0 5050 1458176 128 "
                        + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");
        proc = new ProcFs(root, new KernelFiles(16));
        discovery = new CgroupDiscovery(null, proc); // listed with no cgroup path: no freezer to read
    }

    private static Container listed(int pid, Instant startedAt) {
        return new Container("a01ea2828a44b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5", null,
                Runtime.DOCKER, null, pid, ContainerState.RUNNING, null, startedAt, null, false);
    }

    @Test
    void startedAtIsBootTimePlusTicks() {
        assertEquals(Instant.ofEpochSecond(BOOT).plusMillis(50_500), proc.startedAt(5050));
        assertNull(new ProcFs(root.resolve("nothing"), new KernelFiles(4)).startedAt(5050), "boot time unknown");
    }

    @Test
    void anUnknownStartTimeIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> discovery.kill(listed(4242, null), "TERM"));
        assertEquals("a01ea2828a44: process changed since it was listed", e.getMessage());
    }

    @Test
    void aGoneProcessHasExited() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> discovery.kill(listed(4343, Instant.ofEpochSecond(BOOT)), "KILL"));
        assertEquals("a01ea2828a44 has exited", e.getMessage());
    }

    @Test
    void aBadSignalIsRefusedFirst() {
        assertThrows(IllegalArgumentException.class,
                () -> discovery.kill(listed(4242, Instant.ofEpochSecond(BOOT).plusMillis(50_500)), "BOGUS"));
    }
}
