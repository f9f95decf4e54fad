package io.jtop.engine.lifecycle;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReconcilerTest {

    private static final String NOW = "2026-11-29T01:00:00Z";
    private final ContainerRecord running = StateStoreTest.record("a".repeat(64), "web").running(100, 5, 99, "boot-1");

    @Test
    void stillRunningStaysRunning() {
        assertSame(running, Reconciler.reconcile(running,
                new Reconciler.HostView("boot-1", OptionalInt.empty(), true, false, () -> false, () -> NOW)));
    }

    @Test
    void anExitFileGivesTheCodeAndOomKillsAreKept() {
        ContainerRecord r = Reconciler.reconcile(running,
                new Reconciler.HostView("boot-1", OptionalInt.of(137), false, true, () -> false, () -> NOW));
        assertEquals(LifecycleState.EXITED, r.state());
        assertEquals(137, r.exitCode());
        assertTrue(r.oomKilled());
        assertEquals(NOW, r.finished());
        ContainerRecord clean = Reconciler.reconcile(running,
                new Reconciler.HostView("boot-1", OptionalInt.of(0), false, true, () -> false, () -> NOW));
        assertFalse(clean.oomKilled(), "exit 0 was not the OOM killer's doing");
    }

    @Test
    void aDeadConmonWithoutExitFileIsExitedMinusOneWithTheReason() {
        ContainerRecord r = Reconciler.reconcile(running,
                new Reconciler.HostView("boot-1", OptionalInt.empty(), false, false, () -> false, () -> NOW));
        assertEquals(LifecycleState.EXITED, r.state());
        assertEquals(-1, r.exitCode());
        assertEquals("conmon died without writing an exit code", r.exitReason());
    }

    @Test
    void afterARebootEverythingIsExitedAndHasNoPidToSignal() {
        ContainerRecord r = Reconciler.reconcile(running.moveTo(LifecycleState.PAUSED),
                new Reconciler.HostView("boot-2", OptionalInt.empty(), true, false, () -> false, () -> NOW));
        assertEquals(LifecycleState.EXITED, r.state());
        assertEquals("host rebooted", r.exitReason());
        assertEquals(0, r.pid());
        assertEquals(0, r.conmonPid());
    }

    @Test
    void exitedAndRemovedRecordsAreLeftAlone() {
        ContainerRecord exited = running.exited(0, null, false, NOW);
        assertSame(exited, Reconciler.reconcile(exited,
                new Reconciler.HostView("boot-2", OptionalInt.empty(), false, false, () -> false, () -> NOW)));
    }

    @Test
    void aRecordBeingCreatedHasNoConmonYetAndIsLeftAloneUntilItsCreatorIsGone() {
        ContainerRecord creating = StateStoreTest.record("b".repeat(64), "new");
        assertSame(creating, Reconciler.reconcile(creating,
                new Reconciler.HostView("boot", OptionalInt.empty(), false, false, () -> true, () -> NOW)));
        ContainerRecord r = Reconciler.reconcile(creating,
                new Reconciler.HostView("boot", OptionalInt.empty(), false, false, () -> false, () -> NOW));
        assertEquals(LifecycleState.EXITED, r.state());
        assertEquals("its creation was interrupted", r.exitReason());
        assertEquals(-1, r.exitCode());
    }
}
