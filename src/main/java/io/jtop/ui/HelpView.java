package io.jtop.ui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import io.jtop.ui.theme.SemanticKey;
import io.jtop.ui.theme.Theme;
import io.jtop.ui.widget.Cells;
import io.jtop.ui.widget.Columns;
import io.jtop.ui.widget.Span;
import io.jtop.ui.widget.TextView;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The help screen: every action bound now with its keys, so remapped keys show as they are. */
final class HelpView {

    private HelpView() {
    }

    /** The help text's lines: key column, then what it does, for each action {@code bound} now. */
    static List<String> lines(Keymap keys, Predicate<Action> bound) {
        List<String> out = new ArrayList<>();
        int width = 0;
        for (Action a : Action.values()) {
            width = Math.max(width, keys.describe(a).length());
        }
        for (Action a : Action.values()) {
            if (bound.test(a)) {
                out.add(" " + Columns.fit(keys.describe(a), width, false) + "  " + a.help());
            }
        }
        out.add("");
        out.add(" Keys are remapped in " + "~/.config/jtop/config, e.g. 'kill = F9, x' or 'up = Up, k'.");
        out.add(" FLAGS: PID NET IPC UTS = namespace shared with the host, PRIV = privileged, OOM = OOM kills,");
        out.add("        THR = CPU throttled, MEM! PIDS! = at 90% or more of the limit, +CAPS = capabilities");
        out.add("        beyond the runtime's default, NOSECCOMP = no seccomp filter, SOCK = engine socket inside,");
        out.add("        SYSRW = /sys or cgroup writable, ROOT=ROOT = root inside is root on the host.");
        return out;
    }

    static void draw(TextGraphics g, TerminalSize size, Theme theme, TextView view) {
        int w = size.getColumns();
        int h = size.getRows();
        if (MainView.tooSmall(g, size, theme)) {
            return;
        }
        Cells.put(g, 0, 0, List.of(new Span(Columns.fit(" jtop help", w, false), SemanticKey.HEADER)), theme);
        view.draw(g, 0, 1, w, h - 2, theme);
        Cells.put(g, 0, h - 1, List.of(new Span(Columns.fit(" " + view.status()
                + "   ↑↓ PgUp PgDn scroll; any other key returns", w, false), SemanticKey.STATUS)), theme);
    }
}
