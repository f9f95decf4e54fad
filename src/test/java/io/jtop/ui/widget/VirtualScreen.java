package io.jtop.ui.widget;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A Lanterna screen on a virtual terminal, for golden tests: draw, then read back what the terminal shows. */
final class VirtualScreen implements AutoCloseable {

    private final DefaultVirtualTerminal terminal;
    private final TerminalScreen screen;

    VirtualScreen(int columns, int rows) throws IOException {
        terminal = new DefaultVirtualTerminal(new TerminalSize(columns, rows));
        screen = new TerminalScreen(terminal);
        screen.startScreen();
    }

    TextGraphics graphics() {
        return screen.newTextGraphics();
    }

    /** Sends the drawing to the terminal and returns its lines, trailing blanks cut. */
    List<String> show() throws IOException {
        screen.refresh(Screen.RefreshType.COMPLETE);
        TerminalSize size = terminal.getTerminalSize();
        List<String> out = new ArrayList<>();
        for (int r = 0; r < size.getRows(); r++) {
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < size.getColumns(); c++) {
                TextCharacter ch = terminal.getCharacter(c, r);
                b.append(ch.getCharacterString());
                if (ch.isDoubleWidth()) {
                    c++; // the terminal keeps a filler cell behind a wide char
                }
            }
            out.add(b.toString().stripTrailing());
        }
        return out;
    }

    /** The terminal's cell, with its colours. */
    TextCharacter cell(int column, int row) {
        return terminal.getCharacter(column, row);
    }

    @Override
    public void close() throws IOException {
        screen.stopScreen();
    }
}
