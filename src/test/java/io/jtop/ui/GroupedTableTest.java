package io.jtop.ui;

import io.jtop.container.Container;
import io.jtop.container.Membership;
import io.jtop.container.Runtime;
import io.jtop.container.Sample;
import io.jtop.metrics.Grouping;
import io.jtop.metrics.Snapshot;
import io.jtop.testing.Hostile;
import io.jtop.ui.theme.Theme;
import io.jtop.ui.theme.Themes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table grouped: lines, sums, a pod cgroup's figures, filter, sort, collapse and the selection. */
class GroupedTableTest {

    private static final long M = 1 << 20;
    static final String POD_CGROUP = "/kubepods/burstable/pod0b5e1a7c-2f1d-4e55-9c1a-1f2e3d4c5b6a";
    static final Membership SHOP = Membership.compose("shop", "web", 1);
    static final Membership API = Membership.kubernetes("prod", "api-7d9f", "0b5e1a7c-2f1d-4e55-9c1a-1f2e3d4c5b6a",
            "burstable", POD_CGROUP, false, "api");
    static final Membership API_PAUSE = Membership.kubernetes("prod", "api-7d9f",
            "0b5e1a7c-2f1d-4e55-9c1a-1f2e3d4c5b6a", "burstable", POD_CGROUP, true, null);

    /** A Compose project of two, a Kubernetes pod of two and two containers in neither. */
    static List<Snapshot.Row> rows() {
        List<Snapshot.Row> rows = new ArrayList<>();
        rows.add(Rows.member("shop-web-1", Runtime.DOCKER, SHOP, 10, 40 * M, 3));
        rows.add(Rows.member("shop-db-1", Runtime.DOCKER, Membership.compose("shop", "db", 1), 30, 200 * M, 12));
        rows.add(Rows.member("api", Runtime.CONTAINERD, API, 5, 30 * M, 4));
        rows.add(Rows.member("pause", Runtime.CONTAINERD, API_PAUSE, 0, 1 * M, 1));
        rows.add(Rows.row("lonely", Runtime.PODMAN, 20, 10 * M, null, 2, null));
        rows.add(Rows.row("batch", Runtime.JTOP, 1, 5 * M, null, 1, null));
        return rows;
    }

    /** The lines as NAME cells, as the table draws them. */
    static List<String> lines(TableState t) {
        return t.lines().stream().map(l -> MainView.treeName(t, l)).toList();
    }

    private static TableState grouped(Grouping g) {
        TableState t = new TableState();
        t.update(rows());
        t.group(g);
        return t;
    }

    @Test
    void byPodGroupsComposeAndKubernetesAndLeavesTheRestUngroupedSortedTogether() {
        TableState t = grouped(Grouping.POD);
        // CPU, biggest first: shop 40, lonely 20, prod/api-7d9f 5, batch 1.
        assertEquals(List.of("▾ shop (compose, 2)", " ├ shop-db-1", " └ shop-web-1", "lonely", "▾ prod/api-7d9f (pod, 2)",
                " ├ api", " └ pause", "batch"), lines(t));
        TableState.Line shop = t.lines().get(0);
        assertEquals("compose", shop.row().container().id(), "the kind where the id goes");
        assertEquals("pod", t.lines().get(4).row().container().id());
        Sample s = shop.row().sample();
        assertEquals(40.0, s.cpuPercent(), 1e-9);
        assertEquals(240 * M, s.memoryWorkingSetBytes());
        assertEquals(15L, s.pidsCurrent());
        assertNull(s.memoryLimitBytes(), "a project has no limit of its own");
        assertNull(s.pidsLimit());
    }

    @Test
    void aPodWithItsOwnCgroupShowsThatCgroupsFiguresAndLimits() {
        TableState t = new TableState();
        t.group(Grouping.POD);
        Sample pod = Sample.builder().cpuPercent(7.5).memoryWorkingSetBytes(50 * M).memoryLimitBytes(256 * M)
                .pidsCurrent(6L).pidsLimit(100L).build();
        t.update(rows(), Map.of(POD_CGROUP, pod));
        TableState.Line line = t.lines().stream().filter(l -> l.kind() == TableState.Line.Kind.GROUP
                && l.group().name().equals("prod/api-7d9f")).findFirst().orElseThrow();
        assertSame(pod, line.row().sample());
        assertEquals(POD_CGROUP, line.group().cgroup());
        assertEquals("50MiB/256MiB", ContainerColumn.MEM.cell(line.row(), null).replace(" ", ""));
        assertEquals("6/100", ContainerColumn.PIDS.cell(line.row(), null).replace(" ", ""));
        // Until the pod cgroup is read, the members' sums stand.
        t.update(rows(), Map.of());
        line = t.lines().stream().filter(l -> l.kind() == TableState.Line.Kind.GROUP
                && l.group().name().equals("prod/api-7d9f")).findFirst().orElseThrow();
        assertEquals(5L, line.row().sample().pidsCurrent());
        assertNull(line.row().sample().memoryLimitBytes());
    }

    @Test
    void byRuntimeAndByImage() {
        TableState t = grouped(Grouping.RUNTIME);
        assertEquals(List.of("▾ docker (2)", " ├ shop-db-1", " └ shop-web-1", "▾ podman (1)", " └ lonely",
                "▾ containerd (2)", " ├ api", " └ pause", "▾ jtop (1)", " └ batch"), lines(t));
        assertEquals("runtime", t.lines().get(0).row().container().id());
        t.group(Grouping.IMAGE);
        assertEquals(12, t.lines().size(), "every test container has an image of its own");
        t.group(Grouping.NONE);
        assertEquals(6, t.lines().size());
        assertTrue(t.lines().stream().allMatch(l -> l.kind() == TableState.Line.Kind.CONTAINER));
    }

    @Test
    void theSortOrdersGroupsByTheirSumsAndMembersWithin() {
        TableState t = grouped(Grouping.POD);
        t.sortBy(ContainerColumn.MEM);
        // shop 240M, prod/api-7d9f 31M, lonely 10M, batch 5M.
        assertEquals(List.of("▾ shop (compose, 2)", " ├ shop-db-1", " └ shop-web-1", "▾ prod/api-7d9f (pod, 2)", " ├ api",
                " └ pause", "lonely", "batch"), lines(t));
        t.reverse();
        assertEquals(List.of("batch", "lonely", "▾ prod/api-7d9f (pod, 2)", " ├ pause", " └ api", "▾ shop (compose, 2)",
                " ├ shop-web-1", " └ shop-db-1"), lines(t));
        t.sortBy(ContainerColumn.NAME);
        assertEquals(List.of("batch", "lonely", "▾ prod/api-7d9f (pod, 2)", " ├ api", " └ pause", "▾ shop (compose, 2)",
                " ├ shop-db-1", " └ shop-web-1"), lines(t));
    }

    @Test
    void aFilterShowsAGroupWithItsMatchingMembersOrAllOfAGroupWhoseNameMatches() {
        TableState t = grouped(Grouping.POD);
        t.filter("web");
        assertEquals(List.of("▾ shop (compose, 1 of 2)", " └ shop-web-1"), lines(t));
        assertEquals(40.0, t.lines().get(0).row().sample().cpuPercent(), 1e-9,
                "the group's figures stay its whole: a filter shows, it does not measure");
        t.filter("shop");
        assertEquals(List.of("▾ shop (compose, 2)", " ├ shop-db-1", " └ shop-web-1"), lines(t));
        t.filter("api-7d9f");
        assertEquals(List.of("▾ prod/api-7d9f (pod, 2)", " ├ api", " └ pause"), lines(t));
        // A group none of whose members matches has no line at all.
        t.filter("lonely");
        assertEquals(List.of("lonely"), lines(t));
        t.filter("nothing-at-all");
        assertEquals(List.of(), lines(t));
        assertNull(t.selectedLine());
        assertNull(t.selectedGroup());
        assertEquals(List.of(), t.selectedMembers());
    }

    @Test
    void collapseAndExpandKeepTheSelectionOnTheGroup() {
        TableState t = grouped(Grouping.POD);
        t.move(2); // shop-web-1
        assertEquals("shop-web-1", t.selected().container().name());
        assertTrue(t.collapse(), "- on a member collapses its group");
        assertEquals(List.of("▸ shop (compose, 2)", "lonely", "▾ prod/api-7d9f (pod, 2)", " ├ api", " └ pause", "batch"), lines(t));
        assertEquals("shop", t.selectedGroup().name());
        assertNull(t.selected(), "a group's line is no container to act on");
        assertEquals(List.of("shop-db-1", "shop-web-1"),
                t.selectedMembers().stream().map(c -> c.name()).toList());
        assertEquals(6, t.visible().size(), "folded members are still shown containers (the filter's count)");
        assertFalse(t.collapse(), "collapsed already");
        // It stays collapsed across ticks, and the selection stays on it as figures move.
        List<Snapshot.Row> next = new ArrayList<>(rows());
        next.set(4, Rows.row("lonely", Runtime.PODMAN, 99, 10 * M, null, 2, null));
        t.update(next);
        assertEquals(List.of("lonely", "▸ shop (compose, 2)", "▾ prod/api-7d9f (pod, 2)", " ├ api", " └ pause", "batch"), lines(t));
        assertEquals("shop", t.selectedGroup().name());
        assertTrue(t.toggle(), "Enter expands");
        assertEquals("▾ shop (compose, 2)", lines(t).get(1));
        assertTrue(t.toggle(), "and collapses");
        assertTrue(t.expand());
        assertFalse(t.expand(), "expanded already");
        t.move(1);
        assertEquals("shop-db-1", t.selected().container().name());
        assertFalse(t.expand(), "+ on a member does nothing");
        assertFalse(t.toggle(), "Enter on a member is the detail view's");
    }

    @Test
    void aSelectedMemberThatGoesLeavesTheSelectionAtItsHeightAndAGroupOfNoneGoes() {
        TableState t = grouped(Grouping.POD);
        t.move(4); // the pod's line
        assertEquals("prod/api-7d9f", t.selectedGroup().name());
        List<Snapshot.Row> next = new ArrayList<>(rows());
        next.remove(3);
        next.remove(2);
        t.update(next);
        assertEquals(List.of("▾ shop (compose, 2)", " ├ shop-db-1", " └ shop-web-1", "lonely", "batch"), lines(t));
        assertEquals("batch", t.selected().container().name(), "the same height, the group gone");
    }

    @Test
    void fiveHundredMembersOneGroup() {
        List<Snapshot.Row> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            rows.add(Rows.member(String.format("shop-web-%03d", i), Runtime.DOCKER, SHOP, 1, M, 1));
        }
        TableState t = new TableState();
        t.update(rows);
        t.group(Grouping.POD);
        assertEquals(501, t.lines().size());
        assertEquals("▾ shop (compose, 500)", lines(t).get(0));
        assertEquals(500.0, t.lines().get(0).row().sample().cpuPercent(), 1e-9);
        assertEquals(500 * M, t.lines().get(0).row().sample().memoryWorkingSetBytes());
        assertEquals(500L, t.lines().get(0).row().sample().pidsCurrent());
        assertTrue(t.collapse());
        assertEquals(1, t.lines().size());
        assertEquals(500, t.selectedMembers().size());
    }

    @Test
    void groupingAgainStartsExpanded() {
        TableState t = grouped(Grouping.POD);
        t.collapse();
        t.group(Grouping.RUNTIME);
        t.group(Grouping.POD);
        assertEquals("▾ shop (compose, 2)", lines(t).get(0));
    }

    /** A pod whose name is not known, or a Compose project label left empty, is no group: its containers stay rows. */
    @Test
    void aMembershipWithoutANameGroupsNothing() {
        TableState t = new TableState();
        t.update(List.of(
                Rows.member("a", Runtime.CONTAINERD, Membership.kubernetes("prod", null, "u", null, null, false, "a"),
                        1, M, 1),
                Rows.member("b", Runtime.CONTAINERD, Membership.kubernetes("prod", null, "u", null, null, false, "b"),
                        1, M, 1),
                Rows.member("c", Runtime.PODMAN, Membership.podmanPod(null, "id", null, false), 1, M, 1),
                Rows.member("d", Runtime.DOCKER, Membership.compose("", "web", 1), 1, M, 1)));
        t.group(Grouping.POD);
        assertTrue(t.lines().stream().allMatch(l -> l.kind() == TableState.Line.Kind.CONTAINER), lines(t).toString());
    }

    /** A project named with the hostile corpus: its line is one escaped line, like a container's name. */
    @Test
    void aHostileProjectNameIsShownEscaped() throws Exception {
        TableState t = new TableState();
        t.update(List.of(Rows.member("x", Runtime.DOCKER, Membership.compose(Hostile.text(), "web", 1), 1, M, 1)));
        t.group(Grouping.POD);
        MainView.Model m = new MainView.Model(MainViewGoldenTest.header(), t, 1000, true, null, false, null,
                Keymap.defaults(), false, a -> !a.travels());
        Theme theme = Themes.load("default");
        String screen = Screens.text(Screens.render(160, 48, (g, size) -> MainView.draw(g, size, theme, m)));
        assertFalse(screen.chars().anyMatch(ch -> ch == 0x1b || ch == 0x9b || ch == '\r'), screen);
        assertEquals(48, screen.split("\n", -1).length - (screen.endsWith("\n") ? 1 : 0), screen);
    }

    /** {@code busybox} and {@code busybox:latest} are one image; another tag is another. */
    @Test
    void byImageTheLatestTagIsTheUntaggedImage() {
        TableState t = new TableState();
        t.update(List.of(image("a", "busybox"), image("b", "busybox:latest"), image("c", "busybox:1.36"),
                image("d", "registry:5000/busybox")));
        t.group(Grouping.IMAGE);
        t.sortBy(ContainerColumn.NAME);
        assertEquals(List.of("▾ busybox (2)", " ├ a", " └ b", "▾ busybox:1.36 (1)", " └ c",
                "▾ registry:5000/busybox (1)", " └ d"), lines(t));
    }

    private static Snapshot.Row image(String name, String image) {
        Snapshot.Row r = Rows.row(name, Runtime.DOCKER, 1, M, null, 1, null);
        Container c = r.container();
        return new Snapshot.Row(new Container(c.id(), c.name(), c.runtime(), image, c.pid(), c.state(), c.cgroup(),
                c.startedAt(), c.exitCode(), c.oomKilled()), r.sample());
    }
}
