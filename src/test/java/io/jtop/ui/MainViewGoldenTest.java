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

import java.time.Instant;
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
        return main(w, h, theme, filter, rows, null);
    }

    static DefaultVirtualTerminal main(int w, int h, Theme theme, String filter, List<Snapshot.Row> rows, Instant now) {
        TableState t = new TableState();
        t.update(rows, now);
        t.filter(filter);
        t.move(1);
        MainView.Model m = new MainView.Model(header(), t, 1000, true, null, false, null, Keymap.defaults(), false,
                a -> !a.travels()); // live: no past to move to
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
        assertTrue(Screens.text(vt).contains(" hostile \\x1b]0;PW…\\xfe> [\\xe2\\x82] busybox:hostile …xfe> [\\xe2\\x82] lxc "), Screens.text(vt));
    }

    /** The time the long-name screens are drawn at. */
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    static final String NAME_14 = "web-frontend-1";
    static final String NAME_30 = "payments-api-worker-canary-0a1";
    static final String NAME_60 = "analytics-pipeline-ingest-kafka-consumer-group-blue-7f9c-01a";
    static final String K8S = "kube-system/coredns-5d78c9869d-8x2kq/coredns";

    /** Names of 14, 30 and 60 characters, a Kubernetes name, and a container that exited 5 minutes ago. */
    static List<Snapshot.Row> longNames() {
        assertEquals(List.of(14, 30, 60), List.of(NAME_14.length(), NAME_30.length(), NAME_60.length()));
        List<Snapshot.Row> rows = new ArrayList<>();
        rows.add(Rows.row(NAME_14, Runtime.DOCKER, 12.5, 40 * M, 64 * M, 3, 50L));
        rows.add(Rows.row(NAME_30, Runtime.PODMAN, 3.0, 120 * M, null, 7, null));
        rows.add(Rows.row(NAME_60, Runtime.DOCKER, 0.4, 18 * M, 256 * M, 2, null));
        rows.add(Rows.row(K8S, Runtime.CONTAINERD, 1.2, 21 * M, 170 * M, 9, null));
        rows.add(new Snapshot.Row(Rows.container("batch-job-7", Runtime.DOCKER, ContainerState.EXITED, 0)
                .withFinishedAt(NOW.minusSeconds(5 * 60 + 12)), null));
        return rows;
    }

    @Test
    void longNamesAt80x24() throws Exception {
        Screens.assertGolden("main-80x24-names", main(80, 24, Themes.load("default"), "", longNames(), NOW));
    }

    @Test
    void longNamesAt120x30() throws Exception {
        DefaultVirtualTerminal vt = main(120, 30, Themes.load("default"), "", longNames(), NOW);
        Screens.assertGolden("main-120x30-names", vt);
        String screen = Screens.text(vt);
        assertTrue(screen.contains(" " + NAME_14 + " "), "14 characters in full:\n" + screen);
        assertTrue(screen.contains(" " + NAME_30 + " "), "30 characters in full:\n" + screen);
        assertTrue(screen.contains(" kube-system/coredns-5d78c…/coredns "), "shortened in the middle:\n" + screen);
        assertTrue(screen.contains("exited (137) 5 minutes ago"), screen);
    }

    @Test
    void longNamesAt160x48() throws Exception {
        DefaultVirtualTerminal vt = main(160, 48, Themes.load("default"), "", longNames(), NOW);
        Screens.assertGolden("main-160x48-names", vt);
        assertTrue(Screens.text(vt).contains(" analytics-pipeline…oup-blue-7f9c-01a "), Screens.text(vt));
    }

    /**
     * Names that are hostile to a table (escape sequences, invalid UTF-8, wide CJK, combining marks,
     * 10 KB) leave every column where the header puts it.
     */
    @Test
    void hostileNamesKeepTheTableAligned() throws Exception {
        List<String> names = List.of(Hostile.text(), "容器名字很长的一个容器名字很长的一个容器名字", "cafe\u0301-e\u0301te\u0301-\u0303\u0303\u0303x",
                "n".repeat(5_000) + "\u001B[31m" + "m".repeat(5_000), "tab\there\u0000nul\u202Eevil", "🚀-rocket-名");
        for (int w : new int[] {80, 120, 160}) {
            List<Snapshot.Row> rows = new ArrayList<>();
            for (String n : names) {
                rows.add(Rows.row(n, Runtime.LXC, 1.0, M, null, 1, null));
            }
            DefaultVirtualTerminal vt = main(w, 20, Themes.load("default"), "", rows, NOW);
            String[] lines = Screens.text(vt).split("\n");
            int header = MainView.TABLE_TOP - 1;
            int state = lines[header].indexOf("STATE");
            assertTrue(state > 0, lines[header]);
            for (int y = header + 1; y <= header + names.size(); y++) {
                StringBuilder cell = new StringBuilder();
                for (int x = state - 1; x < state + 7; x++) {
                    cell.append(vt.getCharacter(x, y).getCharacterString());
                }
                assertEquals(" running", cell.toString(), "at " + w + " row " + y + ":\n" + String.join("\n", lines));
            }
        }
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
