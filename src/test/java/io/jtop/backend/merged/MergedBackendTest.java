package io.jtop.backend.merged;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Inspectable;
import io.jtop.container.Killable;
import io.jtop.container.Lifecycle;
import io.jtop.container.LogLine;
import io.jtop.container.Loggable;
import io.jtop.container.Pausable;
import io.jtop.container.Removable;
import io.jtop.container.RunRequest;
import io.jtop.container.Runner;
import io.jtop.container.Runtime;
import io.jtop.testing.TestBackends;
import io.jtop.testing.TestBackends.Everything;
import io.jtop.testing.TestBackends.Signaller;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which backend each action of the merged list goes to. */
class MergedBackendTest {

    private static Container container(String id, Runtime runtime) {
        return TestBackends.running(id, runtime);
    }

    private final Signaller discovery = new Signaller("cgroups");
    private final Everything local = new Everything("jtop");
    private final MergedBackend merged = new MergedBackend(List.of(discovery, local));

    @Test
    void theListenerHearsWhatTheOthersListedBeforeABackendThatMayWaitIsAskedAndOnlyThen() {
        List<List<Container>> told = new ArrayList<>();
        Signaller discovery = new Signaller("cgroups");
        Container found = container("d1", Runtime.DOCKER);
        discovery.shown = List.of(found);
        Signaller docker = new Signaller("docker");
        docker.shown = List.of(container("d1", Runtime.DOCKER));
        docker.waits = true;
        List<List<Container>> toldBefore = new ArrayList<>();
        docker.onList = () -> toldBefore.add(told.stream().flatMap(List::stream).toList());
        MergedBackend merged = new MergedBackend(List.of(discovery, docker));
        merged.beforeWaiting(told::add);

        merged.list(true);
        assertEquals(List.of(List.of(found)), told, "told once, with discovery's listing");
        assertEquals(List.of(List.of(found)), toldBefore, "before the engine was asked");
        merged.list(true);
        assertEquals(1, told.size(), "not again once the engine answers at once");
    }

    @Test
    void eachActionGoesToTheLastBackendThatListedTheId() throws Exception {
        Container other = container("other", Runtime.DOCKER);
        Container mine = container("mine", Runtime.JTOP);
        discovery.shown = List.of(other, mine);
        local.shown = List.of(mine);
        assertEquals(List.of(other, mine), merged.list(false));

        merged.require(other, Killable.class, "signalled").kill(other, "TERM");
        merged.require(mine, Killable.class, "signalled").kill(mine, "KILL");
        merged.require(mine, Lifecycle.class, "started").start(mine);
        merged.require(mine, Lifecycle.class, "stopped").stop(mine, 3);
        merged.require(mine, Lifecycle.class, "restarted").restart(mine, 4);
        merged.require(mine, Pausable.class, "paused").pause(mine);
        merged.require(mine, Pausable.class, "resumed").resume(mine);
        merged.require(mine, Removable.class, "removed").remove(mine, true);
        List<LogLine> lines = new ArrayList<>();
        merged.require(mine, Loggable.class, "read for logs").logs(mine, 5, false, lines::add);
        assertEquals("hi", lines.get(0).text());
        assertTrue(merged.require(mine, Inspectable.class, "inspected").config(mine).contains("ociVersion"));

        assertEquals(List.of("kill other TERM"), discovery.calls);
        assertEquals(List.of("kill mine KILL", "start mine", "stop mine 3", "restart mine 4", "pause mine",
                "resume mine", "remove mine true", "logs mine 5"), local.calls);
    }

    @Test
    void whatTheOwnerCannotDoIsRefusedByIt() throws Exception {
        Container other = container("other", Runtime.DOCKER);
        discovery.shown = List.of(other);
        merged.list(false);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> merged.require(other, Pausable.class, "paused").pause(other));
        assertEquals("docker containers cannot be paused from jtop", e.getMessage());
        assertTrue(merged.capability(other, Inspectable.class).isEmpty(), "discovery has no config to show");
        assertTrue(local.calls.isEmpty(), "never tried elsewhere: " + local.calls);
    }

    @Test
    void aContainerNoLongerListedStaysWithItsLastOwnerUntilAnotherListsIt() throws Exception {
        Container mine = container("mine", Runtime.JTOP);
        discovery.shown = List.of(mine);
        local.shown = List.of(mine);
        merged.list(false);
        discovery.shown = List.of();
        local.shown = List.of(); // exited: list(false) leaves it out, the screen may still show it
        merged.list(false);
        merged.require(mine, Removable.class, "removed").remove(mine, false);
        assertEquals(List.of("remove mine false"), local.calls);

        discovery.shown = List.of(mine); // the only backend listing it now
        merged.list(false);
        merged.require(mine, Killable.class, "signalled").kill(mine, "HUP");
        assertEquals(List.of("kill mine HUP"), discovery.calls);
    }

    @Test
    void aContainerNeverListedIsRefused() {
        Container never = container("0123456789abcdef", Runtime.DOCKER);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> merged.require(never, Killable.class, "signalled").kill(never, "KILL"));
        assertEquals("0123456789ab is not listed by any backend (any more)", e.getMessage());
    }

    @Test
    void runAndImagesGoToTheFirstBackendThatRuns() throws Exception {
        assertTrue(merged.capability(null, Runner.class).isPresent());
        assertEquals(List.of("bb:latest"), merged.imageNames());
        Container c = merged.run(new RunRequest("bb", null, List.of(), null, null, null));
        merged.require(c, Lifecycle.class, "stopped").stop(c, 1); // routed to the runner although no listing has shown it yet
        assertEquals(List.of("run bb", "stop new 1"), local.calls);
    }

    @Test
    void withoutARunnerRunIsRefused() throws Exception {
        MergedBackend readOnly = new MergedBackend(List.of(discovery));
        assertFalse(readOnly.capability(null, Runner.class).isPresent());
        assertEquals(List.of(), readOnly.imageNames());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> readOnly.run(new RunRequest("bb", null, List.of(), null, null, null)));
        assertEquals("cgroups cannot run containers", e.getMessage());
    }

    @Test
    void anEngineEntryTakesTheCgroupPathAndInitFromTheTreeAndCorrectsAStalePid() {
        List<Container> told = new ArrayList<>();
        Signaller tree = new Signaller("cgroups") {
            @Override
            public void changed(Container c) {
                told.add(c);
            }
        };
        Signaller docker = new Signaller("docker") {
            @Override
            public String status() {
                return "reconnecting (the event stream ended)";
            }
        };
        tree.shown = List.of(container("a", Runtime.DOCKER), container("b", Runtime.DOCKER));
        docker.shown = List.of(
                new Container("a", "web", Runtime.DOCKER, "nginx", 0, ContainerState.RUNNING, null, null, null, false),
                new Container("b", "db", Runtime.DOCKER, "pg", 222, ContainerState.RUNNING, null, Instant.MAX, null, false));
        MergedBackend m = new MergedBackend(List.of(tree, docker));
        List<Container> merged = m.list(false);
        Container a = merged.get(0);
        assertEquals("web", a.name());
        assertEquals("/x/a", a.cgroup(), "the tree's path");
        assertEquals(100, a.pid(), "the tree's init where the engine tells none");
        assertEquals(Instant.EPOCH, a.startedAt());
        Container b = merged.get(1);
        assertEquals(222, b.pid(), "the engine's init, kept current by its events");
        assertEquals("/x/b", b.cgroup());
        assertEquals(List.of("b"), told.stream().map(Container::id).toList(), "the tree looks at b again");
        assertTrue(m.problems().contains("docker: reconnecting (the event stream ended)"), m.problems().toString());
    }

    @Test
    void anExitedEngineEntryKeepsNoCgroup() {
        Signaller tree = new Signaller("cgroups");
        Signaller docker = new Signaller("docker");
        tree.shown = List.of(container("a", Runtime.DOCKER));
        docker.shown = List.of(new Container("a", "web", Runtime.DOCKER, null, 0, ContainerState.EXITED, null, null, 0,
                false));
        Container a = new MergedBackend(List.of(tree, docker)).list(true).get(0);
        assertNull(a.cgroup(), "its last processes are leaving: not sampled as running");
        assertEquals(0, a.pid());
    }

    @Test
    void theHeaderSaysOkOnlyOfBackendsThatAreThereAndNotRunningOfAnEngineWithoutASocket() {
        Signaller tree = new Signaller("cgroups");
        Everything jtop = new Everything("jtop");
        Signaller podman = new Signaller("podman") {
            @Override
            public boolean present() {
                return false; // no socket: no podman service here
            }
        };
        Signaller docker = new Signaller("docker") {
            @Override
            public boolean present() {
                return false;
            }
        };
        MergedBackend none = new MergedBackend(List.of(tree, jtop, podman, docker));
        none.list(false);
        assertEquals(List.of("cgroups+jtop ok", "podman not running", "docker not running"), none.statuses());
        assertEquals(Set.of(), none.problems(), "a command says nothing of an engine that is not there");

        Signaller failing = new Signaller("docker") {
            @Override
            public String status() {
                return "reconnecting (connection refused)";
            }
        };
        MergedBackend some = new MergedBackend(List.of(tree, jtop, new Signaller("podman"), failing));
        some.list(false);
        assertEquals(List.of("cgroups+jtop+podman ok", "docker: reconnecting (connection refused)"), some.statuses());
    }
}
