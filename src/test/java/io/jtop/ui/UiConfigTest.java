package io.jtop.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UiConfigTest {

    @Test
    void settingsAndRemappedKeys() {
        UiConfig c = UiConfig.parse("config", """
                # mine
                theme = light
                interval = 2
                graphs = block

                kill = F9, x
                up = Up, k
                """);
        assertEquals("light", c.theme());
        assertEquals(2000L, c.intervalMillis());
        assertFalse(c.braille());
        assertEquals(Action.UP, c.keymap().action("k"));
        assertEquals(Action.KILL, c.keymap().action("x"));
    }

    @Test
    void errorsNameTheFileAndLine() {
        assertEquals("cfg:2: unknown setting 'kil' (theme, interval, graphs, or an action: up, down, page-up, "
                        + "page-down, home, end, help, filter, sort-menu, sort-previous, sort-next, sort-reverse, show-all, "
                        + "group, expand, collapse, detail, start, stop, kill, pause, restart, remove, shell, logs, interval, back, next-pane, "
                        + "search-next, search-previous, earlier, later, minute-earlier, minute-later, go-to, quit)",
                assertThrows(IllegalArgumentException.class, () -> UiConfig.parse("cfg", "\nkil = x\n")).getMessage());
        assertEquals("cfg:1: 'Hyper-x' is not a key (write e.g. k, K, F9, Enter, Esc, PgUp, C-x)",
                assertThrows(IllegalArgumentException.class, () -> UiConfig.parse("cfg", "kill = Hyper-x")).getMessage());
        assertEquals("cfg:1: expected 'setting = value', got 'theme'",
                assertThrows(IllegalArgumentException.class, () -> UiConfig.parse("cfg", "theme")).getMessage());
        assertEquals("cfg:1: interval '0' must be between 0.1 s and 1 h",
                assertThrows(IllegalArgumentException.class, () -> UiConfig.parse("cfg", "interval = 0")).getMessage());
        assertEquals("cfg: key k is bound to both up and kill",
                assertThrows(IllegalArgumentException.class, () -> UiConfig.parse("cfg", "up = k")).getMessage());
    }

    @Test
    void locationFollowsXdg(@TempDir Path dir) throws Exception {
        assertEquals(Path.of("/x/jtop/config"), UiConfig.location(Map.of("XDG_CONFIG_HOME", "/x", "HOME", "/h")));
        assertEquals(Path.of("/h/.config/jtop/config"), UiConfig.location(Map.of("HOME", "/h")));
        assertNull(UiConfig.load(dir.resolve("none")).theme());
        Files.writeString(dir.resolve("c"), "theme = mono\n");
        assertEquals("mono", UiConfig.load(dir.resolve("c")).theme());
    }

    @Test
    void intervals() {
        assertEquals(1000, Intervals.parseMillis("1"));
        assertEquals(500, Intervals.parseMillis("0.5"));
        assertEquals(250, Intervals.parseMillis("250ms"));
        assertEquals(2000, Intervals.parseMillis("2s"));
        assertThrows(IllegalArgumentException.class, () -> Intervals.parseMillis("fast"));
        assertThrows(IllegalArgumentException.class, () -> Intervals.parseMillis("NaN"));
        assertEquals("1s", Intervals.format(1000));
        assertEquals("0.5s", Intervals.format(500));
        assertEquals("250ms", Intervals.format(250));
    }
}
