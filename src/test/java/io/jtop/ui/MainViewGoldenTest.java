package io.jtop.ui;

import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import io.jtop.container.ContainerState;
import io.jtop.container.Runtime;
import io.jtop.metrics.Snapshot;
import io.jtop.testing.Hostile;
import io.jtop.ui.theme.SemanticKey;
import io.jtop.ui.theme.Theme;
import io.jtop.ui.theme.Themes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The main screen at 80×24 and 160×48, from a fixed host and a mix of containers of every kind. */
class MainViewGoldenTest {

    private static final long M = 1 << 20;

    static HostHeader header() {
        return new HostHeader("node-1", "6.1.0-13-amd64", 2, 3 * 86400 + 5 * 3600, new double[] {0.42, 0.3, 0.25},
                42.5, 2, 3L << 30, 8L << 30, Map.of("running", 5, "exited", 1), List.of("cgroups+jtop ok"));
    }

    static List<Snapshot.Row> rows() {
        List<Snapshot.Row> rows = new ArrayList<>();
        rows.add(Rows.row("web", Runtime.DOCKER, 12.5, 40 * M, 64 * M, 3, 50L));
        rows.add(Rows.row("db", Runtime.PODMAN, 61.0, 900 * M, 1024 * M, 10, null)); // memory ≥ 75%: warn
        rows.add(new Snapshot.Row(Rows.container("debug-tools", Runtime.DOCKER, ContainerState.RUNNING, 4242),
                Rows.sample(0.5, 2 * M, null, 1, null, List.of("pid", "net"), true, 0, 0)));
        rows.add(new Snapshot.Row(Rows.container("demo-pids", Runtime.JTOP, ContainerState.RUNNING, 777),
                Rows.sample(2.0, 3 * M, null, 20, 20L, List.of(), false, 0, 0)));
        rows.add(new Snapshot.Row(Rows.container("demo-cpu", Runtime.JTOP, ContainerState.RUNNING, 778),
                Rows.sample(49.8, 300 * 1024, null, 1, null, List.of(), false, 0, 4000)));
        rows.add(new Snapshot.Row(Rows.container("demo-mem", Runtime.JTOP, ContainerState.EXITED, 0), null));
        return rows;
    }

    static DefaultVirtualTerminal main(int w, int h, Theme theme, String filter) {
        return main(w, h, theme, filter, rows());
    }

    static DefaultVirtualTerminal main(int w, int h, Theme theme, String filter, List<Snapshot.Row> rows) {
        TableState t = new TableState();
        t.update(rows);
        t.filter(filter);
        t.move(1);
        MainView.Model m = new MainView.Model(header(), t, 1000, true, null, false, null, Keymap.defaults(), false,
                a -> true);
        return Screens.render(w, h, (g, size) -> MainView.draw(g, size, theme, m));
    }

    @Test
    void at80x24() throws Exception {
        Screens.assertGolden("main-80x24", main(80, 24, Themes.load("default"), ""));
    }

    @Test
    void at160x48() throws Exception {
        Screens.assertGolden("main-160x48", main(160, 48, Themes.load("default"), ""));
    }

    @Test
    void filtered() throws Exception {
        Screens.assertGolden("main-80x24-filter-demo", main(80, 24, Themes.load("default"), "demo"));
    }

    /** A container whose name and image hold the hostile corpus: the screen shows each escape, as the CLI does. */
    @Test
    void hostileTextIsShownEscaped() throws Exception {
        List<Snapshot.Row> rows = rows();
        rows.add(new Snapshot.Row(Rows.container(Hostile.text(), Runtime.LXC, ContainerState.RUNNING, 4321),
                Rows.sample(0.1, M, null, 1, null, List.of(), false, 0, 0)));
        DefaultVirtualTerminal vt = main(160, 48, Themes.load("default"), "", rows);
        Screens.assertGolden("main-160x48-hostile", vt);
        assertTrue(Screens.text(vt).contains(" hostile \\x1b]0;… busybox:hostile… lxc "), Screens.text(vt));
    }

    @Test
    void tooSmallSaysSoAtEverySize() throws Exception {
        Theme theme = Themes.load("default");
        for (int w = 0; w <= 45; w += 3) {
            for (int h = 0; h <= 10; h++) {
                main(w, h, theme, ""); // never throws
            }
        }
        assertTrue(Screens.text(main(30, 6, theme, "")).contains("terminal too small"));
    }

    @Test
    void nearLimitFiguresAndDangerBadgesUseTheirThemeStyles() throws Exception {
        Theme theme = Themes.load("default");
        DefaultVirtualTerminal vt = main(160, 48, theme, "");
        String screen = Screens.text(vt);
        String[] lines = screen.split("\n");
        int pidsRow = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("demo-pids")) {
                pidsRow = i;
            }
        }
        int col = lines[pidsRow].indexOf("20/20");
        assertEquals(theme.style(SemanticKey.VALUE_CRITICAL).foreground(), vt.getCharacter(col, pidsRow).getForegroundColor());
        int flag = lines[pidsRow].indexOf("PIDS!");
        assertEquals(theme.style(SemanticKey.BADGE_DANGER).background(), vt.getCharacter(flag, pidsRow).getBackgroundColor());
    }
}
