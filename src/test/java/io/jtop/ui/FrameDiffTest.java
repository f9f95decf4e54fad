package io.jtop.ui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;

class FrameDiffTest {

    /** A virtual terminal that counts the characters written to it. */
    private static final class Counting extends DefaultVirtualTerminal {
        int written;

        Counting(TerminalSize size) {
            super(size);
        }

        @Override
        public synchronized void putCharacter(char c) {
            written++;
            super.putCharacter(c);
        }
    }

    private static void frame(TextGraphics g, String second) {
        g.setForegroundColor(TextColor.ANSI.GREEN).putString(0, 0, "header");
        g.setForegroundColor(TextColor.ANSI.DEFAULT).enableModifiers(SGR.BOLD);
        g.putString(0, 1, second);
        g.clearModifiers().putString(0, 2, "footer");
    }

    /** A 20×3 screen, cleared, and the frames drawn on it: most tests' set-up. */
    private final TerminalSize size = new TerminalSize(20, 3);
    private final Counting vt = new Counting(size);
    private final ScreenWriter writer = new ScreenWriter(vt);
    private final FrameDiff diff = new FrameDiff(writer);

    @BeforeEach
    void clear() throws Exception {
        writer.clear(size);
    }

    @Test
    void onlyChangedRowsAreLookedAtAndOnlyChangedCellsWritten() throws Exception {

        frame(diff.begin(size), "one");
        assertEquals(3, diff.end(), "the first frame is written whole");
        assertEquals("header\none\nfooter\n", Screens.text(vt));
        assertEquals(TextColor.ANSI.GREEN, vt.getCharacter(0, 0).getForegroundColor());
        assertTrue(vt.getCharacter(0, 1).getModifiers().contains(SGR.BOLD));
        assertEquals(15, vt.written, "blank cells of a cleared screen are not written");

        vt.written = 0;
        frame(diff.begin(size), "one");
        assertEquals(0, diff.end(), "nothing changed");
        assertEquals(0, vt.written);

        frame(diff.begin(size), "ons");
        assertEquals(1, diff.end(), "only the second row");
        assertEquals(1, vt.written, "only the cell that changed");
        assertEquals("header\nons\nfooter\n", Screens.text(vt));

        vt.written = 0;
        TextGraphics g = diff.begin(size);
        g.putString(0, 0, "header");
        assertEquals(3, diff.end(), "the header in another colour; rows no longer drawn are blanked");
        assertEquals("header\n\n\n", Screens.text(vt));
        assertEquals(15, vt.written, "the header's 6 cells again, the other rows' 9 blanked");

        diff.invalidate(); // e.g. a dialog covered the screen
        assertTrue(diff.invalidated());
        writer.clear(size);
        frame(diff.begin(size), "two");
        assertEquals(3, diff.end());
        assertEquals("header\ntwo\nfooter\n", Screens.text(vt));
    }

    @Test
    void aRowReplayedFromTheLastFrameIsDrawnAsBeforeAndOnlyInTheSameLayout() throws Exception {
        Object row = new Object();

        TextGraphics g = diff.begin(size);
        FrameDiff.Rows rows = (FrameDiff.Rows) g;
        assertFalse(rows.replay(1, "layout", row), "nothing drawn before");
        g.setForegroundColor(TextColor.ANSI.RED).putString(0, 1, "kept");
        rows.remember(1, row);
        diff.end();

        // Next frame: the row is replayed on another line, and drawn over there.
        g = diff.begin(size);
        rows = (FrameDiff.Rows) g;
        assertTrue(rows.replay(2, "layout", row));
        g.putString(5, 2, "more");
        diff.end();
        assertEquals("\n\nkept more\n", Screens.text(vt));
        assertEquals(TextColor.ANSI.RED, vt.getCharacter(0, 2).getForegroundColor());

        // The frame after: the replayed drawing is what was remembered, not what was drawn over it.
        g = diff.begin(size);
        rows = (FrameDiff.Rows) g;
        assertTrue(rows.replay(0, "layout", row));
        diff.end();
        assertEquals("kept\n\n\n", Screens.text(vt));

        g = diff.begin(size);
        assertFalse(((FrameDiff.Rows) g).replay(0, "wider", row), "another layout draws it again");
        diff.end();
    }

    @Test
    void wideCharactersTakeTwoCellsAndOverwritingHalfBlanksTheOther() throws Exception {
        TerminalSize size = new TerminalSize(6, 1);
        ScreenWriter writer = new ScreenWriter(new DefaultVirtualTerminal(size));
        writer.clear(size);
        ScreenWriter.Style s = writer.style(TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT, EnumSet.noneOf(SGR.class));
        writer.beginRow();
        writer.put(0, "漢字x", s);
        writer.endRow(0);
        assertEquals("漢字x ", writer.rowText(0));
        writer.beginRow();
        writer.put(0, "漢字x", s);
        writer.put(1, "a", s);
        writer.endRow(0);
        assertEquals(" a字x ", writer.rowText(0));
        writer.beginRow();
        writer.put(5, "漢", s);
        writer.endRow(0);
        assertEquals("      ", writer.rowText(0), "a wide char at the right edge does not fit");
    }

    @Test
    void equalStylesAreOneObject() {
        ScreenWriter writer = new ScreenWriter(new DefaultVirtualTerminal(new TerminalSize(4, 1)));
        EnumSet<SGR> bold = EnumSet.of(SGR.BOLD);
        ScreenWriter.Style a = writer.style(TextColor.ANSI.RED, TextColor.ANSI.DEFAULT, bold);
        bold.add(SGR.REVERSE); // the caller's set changing later changes nothing
        assertSame(a, writer.style(TextColor.ANSI.RED, TextColor.ANSI.DEFAULT, EnumSet.of(SGR.BOLD)));
        assertEquals(EnumSet.of(SGR.BOLD), a.sgr());
    }

    @Test
    void whatItCannotRecordIsRefusedLoudly() {
        TextGraphics g = new FrameDiff(new ScreenWriter(new DefaultVirtualTerminal())).begin(new TerminalSize(10, 2));
        assertThrows(UnsupportedOperationException.class, () -> g.drawLine(0, 0, 5, 0, 'x'));
    }
}
