package io.jtop.ui.widget;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtop.ui.theme.SemanticKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnsTest {

    /** The main table's columns: ID, NAME, IMAGE, STATE, CPU%, MEM, PIDS, NET I/O, UPTIME. */
    static final List<Column> TABLE = List.of(
            new Column("ID", 12, 12, 9, false, false),
            new Column("NAME", 20, 40, 10, false, true, true),
            new Column("IMAGE", 12, 30, 3, false, false, true),
            new Column("STATE", 7, 7, 8, false, false),
            new Column("CPU%", 6, 6, 7, true, false),
            new Column("MEM", 13, 13, 6, true, false),
            new Column("PIDS", 4, 5, 4, true, false),
            new Column("NET I/O", 16, 16, 2, true, false),
            new Column("UPTIME", 6, 7, 5, true, false));

    static final List<String> ROW = List.of("3f2a9c0d1e7b", "web-frontend-production", "docker.io/library/nginx:1.27-alpine",
            "running", "42.5", "120MiB/512MiB", "12", "1.5MiB/s/20KiB/s", "3h05m");

    /** What {@link #ROW} needs of each column. */
    static final int[] CONTENT = Columns.contentWidths(TABLE, List.of(ROW));

    private static List<String> names(Columns.Layout l) {
        return l.placed().stream().map(p -> p.column().name()).toList();
    }

    private static List<Integer> widths(Columns.Layout l) {
        return l.placed().stream().map(Columns.Placed::width).toList();
    }

    @Test
    void contentWidthsCountTheHeaderAndTheWidestCellInTerminalColumns() {
        assertArrayEquals(new int[] {12, 23, 35, 7, 4, 13, 4, 16, 6}, CONTENT);
        assertArrayEquals(new int[] {4, 14}, Columns.contentWidths(List.of(new Column("NAME", 1, 1, 1, false, false),
                new Column("X", 1, 1, 1, false, false)), List.of(List.of("ab"), List.of("a", "中文名字的容器"))));
    }

    @Test
    void eachColumnIsAsWideAsItsContentAndTheNameTakesWhatIsLeftUpToItsContent() {
        Columns.Layout l = Columns.layout(TABLE, CONTENT, 160);
        assertEquals(List.of(12, 23, 30, 7, 4, 13, 4, 16, 6), widths(l));
        assertEquals("3f2a9c0d1e7b web-frontend-production docker.io/libra…nx:1.27-alpine running 42.5 120MiB/512MiB   12 "
                + "1.5MiB/s/20KiB/s  3h05m" + " ".repeat(37), l.row(ROW), "a short name leaves the end of the row blank");
        assertEquals(160, l.header().length());
    }

    @Test
    void narrowTerminalsPlaceTheMostImportantFirstAtTheirContentWhenItFits() {
        assertEquals(List.of("ID", "NAME", "STATE", "CPU%", "MEM", "PIDS", "UPTIME"), names(Columns.layout(TABLE, CONTENT, 80)));
        assertEquals("3f2a9c0d1e7b web-frontend-production running 42.5 120MiB/512MiB   12  3h05m     ",
                Columns.layout(TABLE, CONTENT, 80).row(ROW));
        assertEquals(List.of(12, 20, 7, 4, 13), widths(Columns.layout(TABLE, CONTENT, 60)));
        assertEquals("3f2a9c0d1e7b web-fronte…roduction running 42.5 120MiB/512MiB",
                Columns.layout(TABLE, CONTENT, 60).row(ROW), "the name shortened in the middle");
        assertEquals(List.of("ID", "NAME"), names(Columns.layout(TABLE, CONTENT, 36)));
        assertEquals(List.of("NAME"), names(Columns.layout(TABLE, CONTENT, 20)));
        assertEquals(List.of("NAME"), names(Columns.layout(TABLE, CONTENT, 1)), "the most important column stays");
        assertEquals("…", Columns.layout(TABLE, CONTENT, 1).row(ROW));
        assertEquals("web…ion", Columns.layout(TABLE, CONTENT, 7).row(ROW), "narrower than its minimum when alone");
    }

    @Test
    void aLessImportantColumnThatFitsIsShownWhereAWiderOneDidNot() {
        List<Column> specs = List.of(new Column("A", 10, 10, 3, false, false), new Column("WIDE", 10, 10, 2, false, false),
                new Column("B", 3, 3, 1, false, false));
        assertEquals(List.of("A", "B"), names(Columns.layout(specs, 16)));
    }

    @Test
    void aColumnLeftOutComesBackAtItsMinimumOnlyWhereTheNameHasItsContent() {
        List<Column> specs = List.of(new Column("NAME", 10, 40, 10, false, true, true),
                new Column("IMAGE", 6, 20, 2, false, false, true));
        int[] content = {20, 20};
        assertEquals(List.of(20), widths(Columns.layout(specs, content, 26)), "a whole name rather than a cut image");
        assertEquals(List.of(20, 9), widths(Columns.layout(specs, content, 30)));
        assertEquals(List.of(20, 20), widths(Columns.layout(specs, content, 41)));
    }

    @Test
    void withoutContentEachColumnIsAsWideAsItsMaximum() {
        assertEquals(List.of(12, 40, 30, 7, 6, 13, 5, 16, 7), widths(Columns.layout(TABLE, 160)));
    }

    @Test
    void ofEqualPrioritiesTheRightmostGoesFirst() {
        List<Column> same = List.of(new Column("A", 5, 5, 1, false, false), new Column("B", 5, 5, 1, false, false),
                new Column("C", 5, 5, 1, false, false));
        assertEquals(List.of("A", "B"), names(Columns.layout(same, 12)));
        assertEquals("A     B    ", Columns.layout(same, 11).header());
        assertEquals(List.of("A"), names(Columns.layout(same, 10)));
    }

    @Test
    void withoutFlexibleColumnsTheRowEndsShortAndIsPadded() {
        List<Column> fixed = List.of(new Column("PID", 3, 5, 2, true, false), new Column("CMD", 3, 8, 1, false, false));
        Columns.Layout l = Columns.layout(fixed, 30);
        assertEquals(List.of(5, 8), widths(l));
        assertEquals("  PID CMD                     ", l.header());
        assertEquals("   42 sleep 10                ", l.row(List.of("42", "sleep 10")));
        assertEquals("   42                         ", l.row(List.of("42")), "missing cells are blank");
        assertEquals("1234… a                       ", l.row(Arrays.asList("1234567", "a")));
    }

    @Test
    void specsAreMadeSane() {
        Column c = new Column(null, -3, -9, 0, false, false);
        assertEquals("", c.name());
        assertEquals(1, c.minWidth());
        assertEquals(1, c.maxWidth());
        assertEquals(7, new Column("X", 7, 2, 0, false, false).maxWidth(), "the maximum is at least the minimum");
        assertEquals(List.of(), Columns.layout(List.of(), 80).placed());
        assertEquals(List.of(), Columns.layout(null, 80).placed());
        assertEquals(List.of("B"), names(Columns.layout(Arrays.asList(null, new Column("B", 1, 1, 0, false, false)), 80)));
        assertEquals(" ".repeat(80), Columns.layout(List.of(), 80).row(ROW));
        assertEquals("", Columns.layout(TABLE, 0).row(ROW));
        assertEquals("", Columns.layout(TABLE, -5).header());
    }

    @Test
    void everyWidthFrom1To400LaysOutInsideTheWidth() {
        List<String> odd = Arrays.asList("中文名字的容器", null, "\u001B[31mred\u001B[0m", "tab\there", "", "x".repeat(500),
                "\uD83D\uDE80 rocket", "a\u0000b", "9");
        int[] content = Columns.contentWidths(TABLE, List.of(ROW, odd));
        for (int w = -1; w <= 400; w++) {
            Columns.Layout l = Columns.layout(TABLE, w % 2 == 0 ? content : null, w);
            int end = 0;
            for (Columns.Placed p : l.placed()) {
                assertTrue(p.x() >= end && p.width() >= 1, "at " + w + ": " + p);
                end = p.x() + p.width() + Columns.GAP;
            }
            assertTrue(end - Columns.GAP <= Math.max(0, w), "at " + w);
            assertEquals(Math.max(0, w), Cells.width(l.header()), "header at " + w);
            assertEquals(Math.max(0, w), Cells.width(l.row(ROW)), "row at " + w);
            assertEquals(Math.max(0, w), Cells.width(l.row(odd)), "odd row at " + w);
            int covered = 0;
            for (Span s : l.spans(odd, List.of(SemanticKey.VALUE_CRITICAL), SemanticKey.ROW_SELECTED)) {
                covered += Cells.width(s.text());
            }
            assertEquals(Math.max(0, w), covered);
            assertTrue(w < 1 || !l.placed().isEmpty(), "something shows at " + w);
        }
    }

    @Test
    void cellStylesApplyPerColumnAndTheGapsTakeTheRowStyle() {
        Columns.Layout l = Columns.layout(List.of(new Column("NAME", 4, 4, 2, false, false),
                new Column("CPU%", 5, 5, 1, true, false)), 12);
        List<SemanticKey> styles = new ArrayList<>(Arrays.asList(null, SemanticKey.VALUE_CRITICAL));
        assertEquals(List.of(new Span("web ", SemanticKey.ROW_SELECTED), new Span(" ", SemanticKey.ROW_SELECTED),
                        new Span(" 95.0", SemanticKey.VALUE_CRITICAL), new Span("  ", SemanticKey.ROW_SELECTED)),
                l.spans(List.of("web", "95.0"), styles, SemanticKey.ROW_SELECTED));
    }

    @Test
    void fitTruncatesWithAnEllipsisAndAlignsNumbersRight() {
        assertEquals("he…", Columns.fit("hello", 3, false));
        assertEquals("   42", Columns.fit("42", 5, true));
        assertEquals("42   ", Columns.fit("42", 5, false));
        assertEquals("abc", Columns.fit("abc", 3, true));
        assertEquals("…", Columns.fit("abcd", 1, true));
        assertEquals("  ", Columns.fit(null, 2, false));
        assertEquals("", Columns.fit("x", 0, false));
        assertEquals("中文…", Columns.fit("中文字", 5, false));
        assertEquals("中… ", Columns.fit("中文字", 4, false), "a wide char is not cut: one blank pads");
        assertEquals(" 中…", Columns.fit("中文字", 4, true));
        assertEquals("a       b ", Columns.fit("a\tb", 10, false));
    }
}
