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

    /** What the host shows, as jtop's runtime gathers it; the time of the look is {@link #NOW}. */
    private static Reconciler.HostView host(String boot, OptionalInt exitCode, boolean conmonAlive, boolean oomKilled,
                                            boolean beingCreated, Reconciler.Orphan orphan) {
        return new Reconciler.HostView(boot, exitCode, conmonAlive, oomKilled, () -> beingCreated, () -> orphan, () -> NOW);
    }

    @Test
    void stillRunningStaysRunning() {
        assertSame(running, Reconciler.reconcile(running,
                host("boot-1", OptionalInt.empty(), true, false, false, Reconciler.Orphan.NONE)));
    }

    @Test
    void anExitFileGivesTheCodeAndOomKillsAreKept() {
        ContainerRecord r = Reconciler.reconcile(running,
                host("boot-1", OptionalInt.of(137), false, true, false, Reconciler.Orphan.NONE));
        assertEquals(LifecycleState.EXITED, r.state());
        assertEquals(137, r.exitCode());
        assertTrue(r.oomKilled());
        assertEquals(NOW, r.finished());
        ContainerRecord clean = Reconciler.reconcile(running,
                host("boot-1", OptionalInt.of(0), false, true, false, Reconciler.Orphan.NONE));
        assertFalse(clean.oomKilled(), "exit 0 was not the OOM killer's doing");
    }

    @Test
    void aDeadConmonWithoutExitFileIsExitedMinusOneWithTheReason() {
        ContainerRecord r = Reconciler.reconcile(running,
                host("boot-1", OptionalInt.empty(), false, false, false, Reconciler.Orphan.NONE));
        assertEquals(LifecycleState.EXITED, r.state());
        assertEquals(-1, r.exitCode());
        assertEquals("conmon died without writing an exit code", r.exitReason());
    }

    @Test
    void afterARebootEverythingIsExitedAndHasNoPidToSignal() {
        ContainerRecord r = Reconciler.reconcile(running.moveTo(LifecycleState.PAUSED),
                host("boot-2", OptionalInt.empty(), true, false, false, Reconciler.Orphan.NONE));
        assertEquals(LifecycleState.EXITED, r.state());
        assertEquals("host rebooted", r.exitReason());
        assertEquals(0, r.pid());
        assertEquals(0, r.conmonPid());
    }

    @Test
    void exitedAndRemovedRecordsAreLeftAlone() {
        ContainerRecord exited = running.exited(0, null, false, NOW);
        assertSame(exited, Reconciler.reconcile(exited,
                host("boot-2", OptionalInt.empty(), false, false, false, Reconciler.Orphan.NONE)));
    }

    @Test
    void aRecordBeingCreatedHasNoConmonYetAndIsLeftAloneUntilItsCreatorIsGone() {
        ContainerRecord creating = StateStoreTest.record("b".repeat(64), "new");
        assertSame(creating, Reconciler.reconcile(creating,
                host("boot", OptionalInt.empty(), false, false, true, Reconciler.Orphan.NONE)));
        ContainerRecord r = Reconciler.reconcile(creating,
                host("boot", OptionalInt.empty(), false, false, false, Reconciler.Orphan.NONE));
        assertEquals(LifecycleState.EXITED, r.state());
        assertEquals("its creation was interrupted", r.exitReason());
        assertEquals(-1, r.exitCode());
    }

    @Test
    void aRecordWhoseCreatorWasKilledIsWhatItsConmonAndTheRuntimeShow() {
        ContainerRecord orphan = StateStoreTest.record("c".repeat(64), "orphan");
        assertSame(orphan, Reconciler.reconcile(orphan, host("boot", OptionalInt.empty(), false, false, false,
                new Reconciler.Orphan(77, null, 0, 0))), "its conmon still has the runtime create it");
        assertSame(orphan, Reconciler.reconcile(orphan, host("boot", OptionalInt.empty(), false, false, false,
                new Reconciler.Orphan(77, OciDriver.Status.CREATED, 88, 5))), "created, not started");
        ContainerRecord started = Reconciler.reconcile(orphan, host("boot", OptionalInt.empty(), false, false, false,
                new Reconciler.Orphan(77, OciDriver.Status.RUNNING, 88, 5)));
        assertEquals(LifecycleState.RUNNING, started.state(), "a start under way when its creator died went on");
        assertEquals(88, started.pid());
        assertEquals(5, started.pidStartTicks());
        assertEquals(77, started.conmonPid());
        assertEquals(LifecycleState.PAUSED, Reconciler.reconcile(orphan, host("boot", OptionalInt.empty(), false, false,
                false, new Reconciler.Orphan(77, OciDriver.Status.PAUSED, 88, 5))).state());
        ContainerRecord ended = Reconciler.reconcile(orphan, host("boot", OptionalInt.of(3), false, false, false,
                Reconciler.Orphan.NONE));
        assertEquals(LifecycleState.EXITED, ended.state(), "its conmon wrote how it ended");
        assertEquals(3, ended.exitCode());
    }
}
