package io.jtop.ui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FrameDiffTest {

    private static void frame(TextGraphics g, String second) {
        g.setForegroundColor(TextColor.ANSI.GREEN).putString(0, 0, "header");
        g.setForegroundColor(TextColor.ANSI.DEFAULT).enableModifiers(SGR.BOLD);
        g.putString(0, 1, second);
        g.clearModifiers().putString(0, 2, "footer");
    }

    @Test
    void onlyRowsWhoseDrawingChangedAreDrawnAgain() throws Exception {
        DefaultVirtualTerminal vt = new DefaultVirtualTerminal(new TerminalSize(20, 3));
        TerminalScreen screen = new TerminalScreen(vt);
        screen.startScreen();
        FrameDiff diff = new FrameDiff();
        TerminalSize size = screen.getTerminalSize();

        frame(diff.begin(size), "one");
        assertEquals(3, diff.end(screen.newTextGraphics(), false));
        screen.refresh();
        assertEquals("header", Screens.text(vt).lines().findFirst().orElseThrow());
        assertEquals(TextColor.ANSI.GREEN, vt.getCharacter(0, 0).getForegroundColor());
        assertEquals(true, vt.getCharacter(0, 1).getModifiers().contains(SGR.BOLD));

        frame(diff.begin(size), "one");
        assertEquals(0, diff.end(screen.newTextGraphics(), false), "nothing changed");

        frame(diff.begin(size), "two");
        assertEquals(1, diff.end(screen.newTextGraphics(), false), "only the second row");
        screen.refresh();
        assertEquals("header\ntwo\nfooter\n", Screens.text(vt));

        diff.invalidate(); // e.g. a dialog covered the screen
        frame(diff.begin(size), "two");
        assertEquals(3, diff.end(screen.newTextGraphics(), false));
    }

    @Test
    void whatItCannotRecordIsRefusedLoudly() {
        TextGraphics g = new FrameDiff().begin(new TerminalSize(10, 2));
        assertThrows(UnsupportedOperationException.class, () -> g.drawLine(0, 0, 5, 0, 'x'));
    }
}
