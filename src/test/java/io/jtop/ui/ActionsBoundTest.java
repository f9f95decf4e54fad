package io.jtop.ui;

import io.jtop.backend.merged.MergedBackend;
import io.jtop.container.Backend;
import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Runtime;
import io.jtop.metrics.Grouping;
import io.jtop.metrics.Snapshot;
import io.jtop.testing.TestBackends.Everything;
import io.jtop.testing.TestBackends.Signaller;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which keys are bound: only what the selected container's backend can do, and nothing that changes one under --readonly. */
class ActionsBoundTest {

    private static final Set<Action> ON_A_CONTAINER = EnumSet.of(Action.KILL, Action.STOP, Action.RESTART,
            Action.PAUSE, Action.REMOVE, Action.LOGS, Action.START, Action.SHELL);

    private static Container container(String id, Runtime runtime, ContainerState state) {
        return new Container(id, null, runtime, null, 100, state, "/x/" + id, Instant.EPOCH, null, false);
    }

    private final Signaller discovery = new Signaller("cgroups");
    private final Everything local = new Everything("jtop");
    private final MergedBackend merged = new MergedBackend(List.of(discovery, local));

    private static Set<Action> bound(boolean readonly, Backend backend, Container selected) {
        Set<Action> out = EnumSet.noneOf(Action.class);
        for (Action a : Action.values()) {
            if (Actions.bound(a, readonly, backend, selected)) {
                out.add(a);
            }
        }
        return out;
    }

    private static Set<Action> onAContainer(Set<Action> bound) {
        Set<Action> out = EnumSet.copyOf(bound);
        out.retainAll(ON_A_CONTAINER);
        return out;
    }

    @Test
    void aContainerOnlyTheCgroupTreeShowsBindsKillAndShellOnly() {
        Container seen = container("seen", Runtime.DOCKER, ContainerState.RUNNING);
        discovery.shown = List.of(seen);
        merged.list(false);
        assertEquals(EnumSet.of(Action.KILL, Action.SHELL, Action.START), onAContainer(bound(false, merged, seen)),
                "start makes a new container of jtop's, whatever is selected");
        MergedBackend treeOnly = new MergedBackend(List.of(discovery));
        treeOnly.list(false);
        assertEquals(EnumSet.of(Action.KILL, Action.SHELL), onAContainer(bound(false, treeOnly, seen)));
        assertTrue(bound(false, merged, seen).containsAll(EnumSet.of(Action.HELP, Action.DETAIL, Action.QUIT)));
    }

    @Test
    void aContainerOfABackendThatTakesEveryActionBindsThemAll() {
        Container mine = container("mine", Runtime.JTOP, ContainerState.RUNNING);
        discovery.shown = List.of(mine);
        local.shown = List.of(mine);
        merged.list(false);
        assertEquals(ON_A_CONTAINER, onAContainer(bound(false, merged, mine)), "start: a new container, as jtop runs them");
        Container exited = container("mine", Runtime.JTOP, ContainerState.EXITED);
        local.shown = List.of(exited);
        merged.list(true);
        assertTrue(Actions.bound(Action.START, false, merged, exited), "start: the exited one again");
    }

    @Test
    void readonlyBindsNoActionThatChangesAContainer() {
        Container mine = container("mine", Runtime.JTOP, ContainerState.RUNNING);
        local.shown = List.of(mine);
        merged.list(false);
        Set<Action> bound = bound(true, merged, mine);
        for (Action a : Action.values()) {
            assertEquals(!a.changesContainers(), bound.contains(a), a.name());
        }
        assertTrue(bound.contains(Action.LOGS), "reading the logs changes nothing");
        assertFalse(Actions.bound(Action.START, true, merged, null));
    }

    @Test
    void withNothingSelectedTheKeysStayToSaySoAndStartNeedsARunner() {
        assertTrue(Actions.bound(Action.KILL, false, merged, null), "k says that no container is selected");
        assertTrue(Actions.bound(Action.START, false, merged, null));
        MergedBackend treeOnly = new MergedBackend(List.of(discovery));
        assertFalse(Actions.bound(Action.START, false, treeOnly, null), "no backend here runs containers");
    }

    @Test
    void theFooterHintsOnlyBoundKeys() {
        Container seen = container("seen", Runtime.DOCKER, ContainerState.RUNNING);
        discovery.shown = List.of(seen);
        merged.list(false);
        String hints = MainView.hints(Keymap.defaults(), a -> Actions.bound(a, false, merged, seen), 200);
        assertTrue(hints.contains("Kill"), hints);
        assertFalse(hints.contains("Stop") || hints.contains("Logs"), hints);
        String readonly = MainView.hints(Keymap.defaults(), a -> Actions.bound(a, true, merged, seen), 200);
        assertFalse(readonly.contains("Kill") || readonly.contains("Shell"), readonly);
        String all = MainView.hints(Keymap.defaults(), a -> true, 200);
        assertTrue(all.contains("Stop") && all.contains("Start") && all.contains("Logs"), all);
    }

    /** On a group's line: what at least one member's backend can take; never a shell or logs; nothing under --readonly. */
    @Test
    void aGroupsLineBindsWhatOneOfItsMembersCanTake() {
        Container seen = container("seen", Runtime.DOCKER, ContainerState.RUNNING);
        Container ours = container("ours", Runtime.JTOP, ContainerState.RUNNING);
        discovery.shown = List.of(seen);
        local.shown = List.of(ours);
        merged.list(false);
        TableState t = new TableState();
        t.update(List.of(new Snapshot.Row(seen, null), new Snapshot.Row(ours, null)));
        t.group(Grouping.RUNTIME);
        t.sortBy(ContainerColumn.RUNTIME); // docker first
        Set<Action> docker = EnumSet.noneOf(Action.class);
        Set<Action> readonly = EnumSet.noneOf(Action.class);
        for (Action a : Action.values()) {
            if (Actions.boundOnLine(a, false, merged, t)) {
                docker.add(a);
            }
            if (Actions.boundOnLine(a, true, merged, t)) {
                readonly.add(a);
            }
        }
        assertEquals("docker", t.selectedGroup().name());
        assertEquals(EnumSet.of(Action.KILL), onAContainer(docker), "the tree's container takes a signal alone");
        assertEquals(EnumSet.noneOf(Action.class), onAContainer(readonly));
        t.move(2); // the jtop group
        assertEquals("jtop", t.selectedGroup().name());
        Set<Action> jtop = EnumSet.noneOf(Action.class);
        for (Action a : Action.values()) {
            if (Actions.boundOnLine(a, false, merged, t)) {
                jtop.add(a);
            }
        }
        assertEquals(EnumSet.of(Action.KILL, Action.STOP, Action.RESTART, Action.PAUSE, Action.REMOVE),
                onAContainer(jtop), "start is for stopped members, and none is; no shell, no logs on a group");
    }
}
