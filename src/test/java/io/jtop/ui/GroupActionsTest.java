package io.jtop.ui;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Runtime;
import io.jtop.testing.Hostile;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An action on a group: the one confirmation's list, and one line for how it went on each member. */
class GroupActionsTest {

    private static List<Container> named(String... names) {
        List<Container> out = new ArrayList<>();
        for (String n : names) {
            out.add(Rows.container(n, Runtime.DOCKER, ContainerState.RUNNING, 100));
        }
        return out;
    }

    @Test
    void allDone() {
        List<String> done = new ArrayList<>();
        GroupActions.Outcome o = GroupActions.run(named("a", "b", "c"), "killed", c -> done.add(c.name()));
        assertEquals("killed 3 of 3", o.line());
        assertFalse(o.failed());
        assertEquals(List.of("a", "b", "c"), done);
    }

    @Test
    void aMemberGoneBetweenTheConfirmationAndTheActionIsRefusedAndTheOthersStillGetIt() {
        List<String> done = new ArrayList<>();
        GroupActions.Outcome o = GroupActions.run(named("a", "b", "c"), "killed", c -> {
            if (c.name().equals("a")) {
                throw new IllegalStateException("a is no longer listed by any backend");
            }
            done.add(c.name());
        });
        assertEquals("killed 2 of 3; a is no longer listed by any backend", o.line());
        assertTrue(o.failed());
        assertEquals(List.of("b", "c"), done);
    }

    @Test
    void manyRefusalsAreCountedNotListed() {
        GroupActions.Outcome o = GroupActions.run(named("a", "b", "c", "d"), "stopped", c -> {
            throw new UnsupportedOperationException("lxc cannot be stopped");
        });
        assertEquals("stopped 0 of 4; a: lxc cannot be stopped, b: lxc cannot be stopped and 2 more refused",
                o.line());
    }

    @Test
    void theConfirmationListsTheFirstNamesAndHowManyMore() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            names.add("web-" + i);
        }
        String list = GroupActions.list(named(names.toArray(String[]::new)));
        String[] lines = list.split("\n");
        assertEquals(GroupActions.LISTED + 1, lines.length);
        assertEquals("  web-0", lines[0]);
        assertEquals("  web-9", lines[9]);
        assertEquals("  and 490 more", lines[10]);
        assertEquals("  a\n  b", GroupActions.list(named("a", "b")));
    }

    @Test
    void hostileNamesAreOneEscapedLineEach() {
        String list = GroupActions.list(named(Hostile.text(), "b"));
        assertEquals(2, list.split("\n").length);
        assertFalse(list.chars().anyMatch(ch -> ch == 0x1b), "no escape character reaches the dialog");
    }
}
