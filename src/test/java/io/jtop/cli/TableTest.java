package io.jtop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
