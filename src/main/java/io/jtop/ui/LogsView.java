package io.jtop.ui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import io.jtop.container.Container;
import io.jtop.ui.theme.SemanticKey;
import io.jtop.ui.theme.Theme;
import io.jtop.ui.widget.Cells;
import io.jtop.ui.widget.Columns;
import io.jtop.ui.widget.Span;
import io.jtop.ui.widget.TextView;

import java.util.List;

/** A container's output: following the end, scrolling, searching. Standard error lines start with {@code !}. */
final class LogsView {

    private LogsView() {
    }

    static void draw(TextGraphics g, TerminalSize size, Theme theme, Container c, TextView view, String status,
                     boolean error) {
        if (MainView.tooSmall(g, size, theme)) {
            return;
        }
        int w = size.getColumns();
        int h = size.getRows();
        String title = " logs of " + c.displayName() + "  (" + c.runtime().label() + ", " + c.state().label()
                + ")   lines from standard error start with !";
        Cells.put(g, 0, 0, List.of(new Span(Columns.fit(title, w, false), SemanticKey.HEADER)), theme);
        view.draw(g, 0, 1, w, h - 2, theme);
        String line = status != null ? " " + status
                : " " + view.status() + "   ↑↓ PgUp PgDn scroll  End follow  / search  n N next  Esc back";
        Cells.put(g, 0, h - 1, List.of(new Span(Columns.fit(line, w, false),
                error ? SemanticKey.STATUS_ERROR : SemanticKey.STATUS)), theme);
    }
}
