package io.jtop.ui;

import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import io.jtop.container.Sample;
import io.jtop.metrics.Grouping;
import io.jtop.ui.theme.Theme;
import io.jtop.ui.theme.Themes;
import org.junit.jupiter.api.Test;

import java.util.Map;

/** The main screen grouped by pod at 80×24 and 160×48: a Compose project, a pod with its cgroup's limit, one collapsed. */
class GroupedGoldenTest {

    private static final long M = 1 << 20;

    static DefaultVirtualTerminal grouped(int w, int h, boolean collapseShop) throws Exception {
        TableState t = new TableState();
        t.group(Grouping.POD);
        Sample pod = Sample.builder().cpuPercent(5.5).memoryWorkingSetBytes(33 * M).memoryLimitBytes(128 * M)
                .pidsCurrent(5L).pidsLimit(200L).build();
        t.update(GroupedTableTest.rows(), Map.of(GroupedTableTest.POD_CGROUP, pod));
        if (collapseShop) {
            t.collapse(); // the top line: shop
        }
        t.move(1);
        MainView.Model m = new MainView.Model(MainViewGoldenTest.header(), t, 1000, true, null, false, null,
                Keymap.defaults(), false, a -> !a.travels());
        Theme theme = Themes.load("default");
        return Screens.render(w, h, (g, size) -> MainView.draw(g, size, theme, m));
    }

    @Test
    void at80x24() throws Exception {
        Screens.assertGolden("main-80x24-grouped", grouped(80, 24, false));
    }

    @Test
    void at160x48() throws Exception {
        Screens.assertGolden("main-160x48-grouped", grouped(160, 48, false));
    }

    @Test
    void collapsedAt80x24() throws Exception {
        Screens.assertGolden("main-80x24-grouped-collapsed", grouped(80, 24, true));
    }
}
