package io.jtop.ui.theme;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;

/** Every theme file of the repository loads strictly and has every semantic key. */
class ThemesTest {

    static Stream<Path> themeFiles() throws Exception {
        return Files.list(Path.of("themes")).filter(p -> p.toString().endsWith(".properties")).sorted();
    }

    @ParameterizedTest
    @MethodSource("themeFiles")
    void everyThemeFileLoadsStrictlyWithEverySemanticKey(Path file) throws Exception {
        Theme t = Themes.load(file.toString());
        assertNotNull(t.lanterna().getDefaultDefinition());
        for (SemanticKey k : SemanticKey.values()) {
            Theme.Style s = t.style(k);
            assertNotNull(s, file + " " + k);
            assertNotNull(s.foreground());
            assertNotNull(s.background());
        }
    }

    @Test
    void theBuiltInThemesAreAllShippedAndNoColorMeansMono() throws Exception {
        assertEquals(Themes.BUILT_IN, themeFiles().map(p -> p.getFileName().toString().replace(".properties", ""))
                .sorted((a, b) -> Themes.BUILT_IN.indexOf(a) - Themes.BUILT_IN.indexOf(b)).toList());
        assertEquals("mono", Themes.choose(null, Map.of("NO_COLOR", "1")).name());
        assertEquals("default", Themes.choose(null, Map.of()).name());
        assertEquals("light", Themes.choose("light", Map.of("NO_COLOR", "1")).name(), "an explicit theme wins");
    }

    @Test
    void coloursReadAsLanternaReadsThem() throws Exception {
        List<String> values = new ArrayList<>(List.of("default", "Black_Bright", "WHITE", "#c00000", "#FFD75F",
                "#12345g", "#123", "#abc", "123", "rgb", "", "purplish", "#"));
        for (Path f : themeFiles().toList()) {
            for (String line : Files.readAllLines(f)) {
                if (line.startsWith("jtop.") && !line.contains(".sgr")) {
                    values.add(line.substring(line.indexOf('=') + 1).trim());
                }
            }
        }
        for (String v : values) {
            Object lanterna;
            Object ours;
            try {
                lanterna = TextColor.Factory.fromString(v);
            } catch (RuntimeException e) {
                lanterna = e.getClass();
            }
            try {
                ours = Themes.parseColour(v);
            } catch (RuntimeException e) {
                ours = e.getClass();
            }
            assertEquals(lanterna, ours, "'" + v + "'");
        }
    }

    @Test
    void attributesSplitOnCommasAndSpaces() throws Exception {
        StringBuilder all = new StringBuilder();
        for (SemanticKey k : SemanticKey.values()) {
            all.append("jtop.").append(k.property()).append(".foreground = red\n");
            all.append("jtop.").append(k.property()).append(".background = default\n");
        }
        Theme t = Themes.parse("t", all + "jtop.row.sgr = bold, ,reverse  underline\n");
        assertEquals(EnumSet.of(SGR.BOLD, SGR.REVERSE,
                SGR.UNDERLINE), t.style(SemanticKey.ROW).sgr());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Themes.parse("t", all + "jtop.row.sgr = bold,blink2\n"));
        assertTrue(bad.getMessage().endsWith("no attribute blink2"), bad.getMessage());
    }

    @Test
    void aBuiltInThemeIsReadFromTheLaunchersFolderWhenItHasTheFile(@TempDir Path dir)
            throws Exception {
        String light = Files.readString(Path.of("themes/light.properties"));
        Files.writeString(dir.resolve("light.properties"), light.replace("jtop.header.foreground", "jtop.header.foreground = red\n#"));
        String before = System.getProperty(Themes.THEMES_DIR);
        System.setProperty(Themes.THEMES_DIR, dir.toString());
        try {
            assertEquals(TextColor.ANSI.RED, Themes.load("light").style(SemanticKey.HEADER).foreground());
            // No file there: the jar's own, as shipped.
            assertEquals(Themes.parse("t", Files.readString(Path.of("themes/mono.properties"))).style(SemanticKey.HEADER),
                    Themes.load("mono").style(SemanticKey.HEADER));
        } finally {
            if (before == null) {
                System.clearProperty(Themes.THEMES_DIR);
            } else {
                System.setProperty(Themes.THEMES_DIR, before);
            }
        }
    }

    @Test
    void strictLoadingNamesTheProblem() {
        String good = String.join("\n", List.of("foreground = white", "background = black"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> Themes.parse("t", good));
        assertTrue(missing.getMessage().startsWith("t: missing jtop.header.foreground"), missing.getMessage());
        StringBuilder all = new StringBuilder(good).append('\n');
        for (SemanticKey k : SemanticKey.values()) {
            all.append("jtop.").append(k.property()).append(".foreground = red\n");
            all.append("jtop.").append(k.property()).append(".background = default\n");
        }
        IllegalArgumentException colour = assertThrows(IllegalArgumentException.class,
                () -> Themes.parse("t", all.toString().replace("jtop.row.foreground = red", "jtop.row.foreground = purplish")));
        assertTrue(colour.getMessage().contains("jtop.row.foreground = purplish is not a colour"), colour.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Themes.parse("t", all + "jtop.nonsense.foreground = red\n"));
        assertThrows(IllegalArgumentException.class, () -> Themes.parse("t", all + "com.example.Nope.foreground = red\n"));
        assertThrows(IllegalArgumentException.class, () -> Themes.load("no-such-theme"));
    }
}
