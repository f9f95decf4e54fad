package io.jtop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtop.testing.Hostile;
import io.jtop.ui.widget.Cells;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void rightMarkedHeadersAreRightAlignedWithoutTheMarker() {
        Table t = new Table("NAME", "PID>", "STATE")
                .add("web", "12", "running")
                .add("database", "4096", "exited");
        assertEquals("""
                NAME       PID  STATE
                web         12  running
                database  4096  exited
                """, t.render());
        assertEquals(2, t.size());
    }

    @Test
    void aRightAlignedLastColumnIsPaddedOnTheLeftOnly() {
        assertEquals("""
                ID   MEM
                a     1B
                b   1KiB
                """, new Table("ID", "MEM>").add("a", "1B").add("b", "1KiB").render());
    }

    @Test
    void noTrailingBlanksEvenWhenTheLastCellIsShortOrEmpty() {
        String out = new Table("ID", "NAME", "IMAGE")
                .add("abc", "a-long-name", "")
                .add("d", "", "busybox")
                .render();
        assertEquals("""
                ID   NAME         IMAGE
                abc  a-long-name
                d                 busybox
                """, out);
        for (String line : out.split("\n")) {
            assertEquals(line.stripTrailing(), line);
        }
    }

    @Test
    void headerOnly() {
        assertEquals("ID  NAME\n", new Table("ID", "NAME").render());
    }

    @Test
    void wrongCellCountThrows() {
        Table t = new Table("ID", "NAME");
        assertThrows(IllegalArgumentException.class, () -> t.add("only-one"));
        assertThrows(IllegalArgumentException.class, () -> t.add("a", "b", "c"));
        assertEquals(0, t.size());
    }

    /**
     * Hostile names (escape sequences, invalid UTF-8, wide CJK, combining marks, 10 KB) leave the
     * next column where its header is, counted in terminal columns; the long one is shortened in
     * the middle to the column's maximum.
     */
    @Test
    void hostileCellsKeepTheColumnsAligned() {
        List<String> names = List.of(Hostile.text(), "容器名字", "cafe\u0301-e\u0301te\u0301",
                "n".repeat(5_000) + "\u001B[31m" + "m".repeat(5_000), "tab\there\u0000\u202Eevil", "🚀-rocket");
        Table t = new Table("NAME", "STATE").shorten("NAME", 40);
        for (String n : names) {
            t.add(n, "running");
        }
        String[] lines = t.render().split("\n");
        int state = lines[0].indexOf("STATE");
        assertTrue(state <= 42, lines[0]);
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            assertTrue(line.endsWith("  running"), line);
            assertEquals(state, Cells.columns(line.substring(0, line.length() - "running".length())), line);
        }
        assertTrue(lines[4].startsWith("n".repeat(20) + "…" + "m".repeat(19) + "  running"), lines[4]);
        assertTrue(t.render().indexOf('\u001B') < 0, "escapes stay escaped");
    }
}
