package io.jtop.backend.discovery;

import io.jtop.container.Container;
import io.jtop.linux.cgroup.Cgroups;
import io.jtop.linux.proc.KernelFiles;
import io.jtop.linux.proc.ProcFs;
import io.jtop.linux.proc.ProcStat;
import io.jtop.testing.Host;
import io.jtop.testing.RuncContainer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery's one action against containers started with plain {@code runc run}, as root. */
class CgroupDiscoveryKillIT {

    private final KernelFiles files = new KernelFiles(64);
    private final CgroupDiscovery discovery = new CgroupDiscovery(Cgroups.open(Path.of("/"), files),
            new ProcFs(Path.of("/"), files));

    private Container listed(RuncContainer r) {
        return discovery.list(false).stream().filter(c -> c.id().equals(r.id())).findFirst()
                .orElseThrow(() -> new AssertionError(r.id() + " is not discovered"));
    }

    /** The process's state letter, or 'X' once it has gone. */
    private static char state(long pid) {
        try {
            ProcStat s = ProcStat.parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
            return s == null ? 'X' : s.state();
        } catch (IOException e) {
            return 'X';
        }
    }

    @Test
    void killSignalsTheListedInit() throws Exception {
        try (RuncContainer r = RuncContainer.builder("sleep", "1000").start()) {
            Container c = listed(r);
            assertEquals(r.pid(), c.pid(), "init pid from runc's pid file");
            discovery.kill(c, "KILL");
            long end = System.nanoTime() + 10_000_000_000L;
            while ("SRD".indexOf(state(r.pid())) >= 0 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertTrue("ZX".indexOf(state(r.pid())) >= 0, "ended: state " + state(r.pid()));
            assertTrue(Host.run("runc", "state", r.id()).contains("\"status\": \"stopped\""));
        }
    }

    @Test
    void aListingWhoseStartTimeIsNotTheProcessesIsRefusedAndNothingIsSignalled() throws Exception {
        try (RuncContainer r = RuncContainer.builder("sleep", "1000").start()) {
            Container c = listed(r);
            // The listed pid now names a process that started later: a recycled pid, as it looks.
            Container stale = new Container(c.id(), c.name(), c.runtime(), c.image(), c.pid(), c.state(), c.cgroup(),
                    c.startedAt().minusSeconds(1), null, false);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> discovery.kill(stale, "KILL"));
            assertEquals(c.displayName() + ": process changed since it was listed", e.getMessage());
            Thread.sleep(200);
            assertEquals('S', state(r.pid()), "still sleeping");
            assertTrue(Host.run("runc", "state", r.id()).contains("\"status\": \"running\""));
        }
    }

    @Test
    void aFrozenContainerOfAnotherRuntimeIsNotThawedNorSentASignalThatWouldWaitAndTheRefusalSaysWhy()
            throws Exception {
        Host.requireV1Freezer(); // in v2, SIGKILL ends a frozen process, and discovery sends it
        try (RuncContainer r = RuncContainer.builder("sleep", "1000").start()) {
            Host.run("runc", "pause", r.id()); // paused by its runtime, which jtop does not know
            Container c = listed(r);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> discovery.kill(c, "KILL"));
            assertTrue(e.getMessage().startsWith(c.displayName() + " is frozen"), e.getMessage());
            assertTrue(e.getMessage().contains("none was sent"), e.getMessage());
            assertTrue(Host.run("runc", "state", r.id()).contains("\"status\": \"paused\""), "left frozen");
            // No signal waits for the thaw: a frozen process shows one it has not taken as pending.
            String status = Files.readString(Path.of("/proc", Long.toString(r.pid()), "status"));
            assertTrue(status.contains("SigPnd:\t0000000000000000") && status.contains("ShdPnd:\t0000000000000000"),
                    status);
        }
    }
}
