package io.jtop.ui;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Runtime;
import io.jtop.metrics.Snapshot;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableStateTest {

    private static final long M = 1 << 20;

    private static List<String> names(TableState t) {
        return t.visible().stream().map(r -> r.container().name()).toList();
    }

    private static TableState three() {
        TableState t = new TableState();
        t.update(List.of(Rows.row("web", Runtime.DOCKER, 50, 10 * M, 64 * M, 3, 50L),
                Rows.row("db", Runtime.JTOP, 90, 300 * M, null, 10, null),
                Rows.row("cache", Runtime.PODMAN, 5, 1 * M, 16 * M, 1, 10L)));
        return t;
    }

    @Test
    void sortedByCpuBiggestFirstByDefault() {
        assertEquals(List.of("db", "web", "cache"), names(three()));
    }

    @Test
    void selectionFollowsItsContainerWhenRowsMove() {
        TableState t = three();
        t.move(1); // web
        assertEquals("web", t.selected().container().name());
        t.update(List.of(Rows.row("web", Runtime.DOCKER, 99, 10 * M, 64 * M, 3, 50L),
                Rows.row("db", Runtime.JTOP, 90, 300 * M, null, 10, null),
                Rows.row("cache", Runtime.PODMAN, 5, 1 * M, 16 * M, 1, 10L)));
        assertEquals(0, t.selectedIndex());
        assertEquals("web", t.selected().container().name());
        t.sortBy(ContainerColumn.NAME);
        assertEquals(List.of("cache", "db", "web"), names(t));
        assertEquals("web", t.selected().container().name());
    }

    @Test
    void whenTheSelectedContainerGoesTheSelectionStaysAtItsHeight() {
        TableState t = three();
        t.move(1); // web, index 1
        t.update(List.of(Rows.row("db", Runtime.JTOP, 90, 300 * M, null, 10, null),
                Rows.row("cache", Runtime.PODMAN, 5, 1 * M, 16 * M, 1, 10L)));
        assertEquals(1, t.selectedIndex());
        assertEquals("cache", t.selected().container().name());
        t.update(List.of());
        assertNull(t.selected());
    }

    @Test
    void filterIsSubstringOrRegexOnNameIdImageRuntime() {
        TableState t = three();
        t.filter("CA");
        assertEquals(List.of("cache"), names(t));
        t.filter("^(web|db)$");
        assertEquals(List.of("db", "web"), names(t));
        t.filter("podman");
        assertEquals(List.of("cache"), names(t));
        t.filter("busybox:we");
        assertEquals(List.of("web"), names(t));
        t.filter("web["); // not a regex: a substring
        assertEquals(List.of(), names(t));
        t.filter("");
        assertEquals(3, t.visible().size());
    }

    @Test
    void reverseAndStepThroughColumns() {
        TableState t = three();
        t.reverse();
        assertEquals(List.of("cache", "web", "db"), names(t));
        t.sortStep(-1); // IO? no: the column left of CPU is PID
        assertEquals(ContainerColumn.PID, t.sort());
        t.sortBy(ContainerColumn.MEM);
        assertEquals(List.of("db", "web", "cache"), names(t));
        t.sortStep(ContainerColumn.values().length);
        assertEquals(ContainerColumn.MEM, t.sort());
    }

    @Test
    void unknownValuesSortLastBothWays() {
        TableState t = three();
        t.sortBy(ContainerColumn.MEM_PERCENT); // db has no limit: no MEM%
        assertEquals("db", names(t).get(2));
        t.reverse();
        assertEquals("db", names(t).get(2));
    }

    @Test
    void movementStopsAtTheEndsAndScrollsTheViewport() {
        TableState t = new TableState();
        List<Snapshot.Row> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(Rows.row("c" + i, Runtime.JTOP, i, M, null, 1, null));
        }
        t.update(rows);
        t.move(-5);
        assertEquals(0, t.selectedIndex());
        assertEquals(0, t.top(10));
        t.move(12);
        assertEquals(3, t.top(10)); // row 12 is the last of the viewport
        t.end();
        assertEquals(49, t.selectedIndex());
        assertEquals(40, t.top(10));
        t.home();
        assertEquals(0, t.top(10));
        assertEquals(0, t.top(0));
    }

    @Test
    void exitedRowsHaveStateWithExitCode() {
        Snapshot.Row r = new Snapshot.Row(Rows.container("old", Runtime.JTOP, ContainerState.EXITED, 0), null);
        assertEquals("exited (137)", ContainerColumn.STATE.cell(r, null));
        assertEquals("-", ContainerColumn.CPU.cell(r, null));
        assertEquals("-", ContainerColumn.PID.cell(r, null));
    }

    @Test
    void anExitedRowTellsHowLongAgoItExitedWhereItsRuntimeTellsWhen() {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        Container c = Rows.container("old", Runtime.DOCKER, ContainerState.EXITED, 0);
        Snapshot.Row r = new Snapshot.Row(c.withFinishedAt(now.minusSeconds(5 * 60 + 30)), null);
        assertEquals("exited (137) 5 minutes ago", ContainerColumn.STATE.cell(r, now));
        assertEquals("exited (137) about an hour ago",
                ContainerColumn.state(c.withFinishedAt(now.minusSeconds(65 * 60)), now));
        assertEquals("exited (137) less than a second ago", ContainerColumn.state(c.withFinishedAt(now), now));
        assertEquals("exited (137)", ContainerColumn.STATE.cell(r, null), "no clock: no age");
        assertEquals("exited (137)", ContainerColumn.STATE.cell(new Snapshot.Row(c, null), now), "no exit time: no age");
        Container running = Rows.container("up", Runtime.DOCKER, ContainerState.RUNNING, 7).withFinishedAt(now);
        assertEquals("running", ContainerColumn.state(running, now), "an age only once exited");
        String longest = ContainerColumn.state(new Container("x", null, Runtime.DOCKER, null, 0, ContainerState.EXITED,
                null, null, -255, false).withFinishedAt(now), now);
        assertEquals("exited (-255) less than a second ago", longest);
        assertTrue(ContainerColumn.STATE.spec(null).maxWidth() >= longest.length(), "the column can show it whole");
    }

    @Test
    void untilTheUserMovesTheSelectionIsTheTopRow() {
        TableState t = new TableState();
        t.update(List.of(Rows.row("a", Runtime.JTOP, 1, M, null, 1, null), Rows.row("b", Runtime.JTOP, 2, M, null, 1, null)));
        assertEquals("b", t.selected().container().name());
        t.update(List.of(Rows.row("a", Runtime.JTOP, 3, M, null, 1, null), Rows.row("b", Runtime.JTOP, 2, M, null, 1, null)));
        assertEquals("a", t.selected().container().name());
        t.select(t.visible().get(1).container().id());
        t.update(List.of(Rows.row("a", Runtime.JTOP, 1, M, null, 1, null), Rows.row("b", Runtime.JTOP, 2, M, null, 1, null)));
        assertEquals("b", t.selected().container().name());
    }
}
