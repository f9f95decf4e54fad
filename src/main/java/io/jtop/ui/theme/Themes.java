package io.jtop.ui.theme;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.PropertyTheme;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Loads themes: {@code themes/<name>.properties} shipped in the jar (from the repository's
 * {@code themes/} folder) or any file. A theme file is Lanterna's theme format plus jtop's
 * {@code jtop.*} semantic keys; loading is strict: an unknown Lanterna class, a bad colour or a
 * missing semantic key is an error naming the file and the key.
 */
public final class Themes {

    /** The system property naming a folder of the built-in themes' files ({@code packaging/jtop} sets it). */
    public static final String THEMES_DIR = "jtop.themes";

    /** The themes jtop ships. */
    public static final List<String> BUILT_IN = List.of("default", "light", "high-contrast", "mono");

    private Themes() {
    }

    /**
     * The theme to use: {@code NO_COLOR} set (to anything, https://no-color.org) means mono unless a
     * theme is named; a name of a built-in theme, or a path to a file.
     */
    public static Theme choose(String requested, Map<String, String> env) throws IOException {
        if (requested == null) {
            return load(env.containsKey("NO_COLOR") ? "mono" : "default");
        }
        return load(requested);
    }

    public static Theme load(String nameOrFile) throws IOException {
        if (BUILT_IN.contains(nameOrFile)) {
            // The launcher names the folder the jar's themes were built from: a small file is
            // read at once, where a resource of the jar has the jar opened and its index read
            // first, which nothing else needs before the first frame.
            String dir = System.getProperty(THEMES_DIR);
            Path shipped = dir == null ? null : Path.of(dir, nameOrFile + ".properties");
            if (shipped != null && Files.isRegularFile(shipped)) {
                return parse(nameOrFile, Files.readString(shipped), false);
            }
            try (InputStream in = Themes.class.getResourceAsStream("/themes/" + nameOrFile + ".properties")) {
                if (in == null) {
                    throw new IOException("built-in theme " + nameOrFile + " is missing from the jar");
                }
                // Built in, so checked by the tests: its Lanterna part is made when a dialog needs it.
                return parse(nameOrFile, new String(in.readAllBytes(), StandardCharsets.UTF_8), false);
            }
        }
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no theme '" + nameOrFile + "' (built in: " + String.join(", ", BUILT_IN)
                    + "; or give a file)");
        }
        return parse(file.toString(), Files.readString(file));
    }

    /** Parses a theme file's text, strictly. */
    public static Theme parse(String name, String text) throws IOException {
        return parse(name, text, true);
    }

    private static Theme parse(String name, String text, boolean checkLanternaNow) throws IOException {
        Properties all = new Properties();
        try (Reader r = new StringReader(text)) {
            all.load(r);
        }
        Properties lanterna = new Properties();
        Map<SemanticKey, Theme.Style> styles = new EnumMap<>(SemanticKey.class);
        for (String key : all.stringPropertyNames()) {
            if (!key.startsWith("jtop.")) {
                lanterna.setProperty(key, all.getProperty(key));
            }
        }
        for (SemanticKey k : SemanticKey.values()) {
            String base = "jtop." + k.property() + ".";
            TextColor fg = color(name, base + "foreground", all.getProperty(base + "foreground"));
            TextColor bg = color(name, base + "background", all.getProperty(base + "background"));
            styles.put(k, new Theme.Style(fg, bg, sgr(name, base + "sgr", all.getProperty(base + "sgr", ""))));
        }
        for (String key : all.stringPropertyNames()) {
            if (key.startsWith("jtop.") && !semantic(key)) {
                throw new IllegalArgumentException(name + ": unknown key " + key);
            }
        }
        Theme t = new Theme(name, () -> {
            try {
                return new PropertyTheme(lanterna, false);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
            }
        }, styles);
        if (checkLanternaNow) {
            t.lanterna();
        }
        return t;
    }

    private static boolean semantic(String key) {
        for (SemanticKey k : SemanticKey.values()) {
            if (key.startsWith("jtop." + k.property() + ".")) {
                return true;
            }
        }
        return false;
    }

    private static TextColor color(String file, String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(file + ": missing " + key);
        }
        TextColor c;
        try {
            c = parseColour(value.trim());
        } catch (IllegalArgumentException e) {
            c = null;
        }
        if (c == null) {
            throw new IllegalArgumentException(file + ": " + key + " = " + value + " is not a colour");
        }
        return c;
    }

    /**
     * A colour as Lanterna's {@code TextColor.Factory.fromString} reads it. The two forms the theme
     * files use, an ANSI name and {@code #rrggbb}, are read here: Lanterna's reader compiles its
     * regular expressions on its first call, and every colour of a theme is read at start-up.
     * Any other form goes to Lanterna's reader.
     */
    static TextColor parseColour(String value) {
        if (value.length() == 7 && value.charAt(0) == '#') {
            int rgb = 0;
            for (int i = 1; i < 7; i++) {
                int d = Character.digit(value.charAt(i), 16);
                if (d < 0) {
                    return TextColor.Factory.fromString(value);
                }
                rgb = rgb << 4 | d;
            }
            return new TextColor.RGB(rgb >> 16, rgb >> 8 & 0xFF, rgb & 0xFF);
        }
        String upper = value.toUpperCase(Locale.ROOT);
        for (TextColor.ANSI a : TextColor.ANSI.values()) {
            if (a.name().equals(upper)) {
                return a;
            }
        }
        return TextColor.Factory.fromString(value);
    }

    private static EnumSet<SGR> sgr(String file, String key, String value) {
        EnumSet<SGR> out = EnumSet.noneOf(SGR.class);
        // Split by hand on commas and white space: String.split with a pattern compiles it each call.
        int i = 0;
        while (i < value.length()) {
            int end = i;
            while (end < value.length() && value.charAt(end) != ',' && !Character.isWhitespace(value.charAt(end))) {
                end++;
            }
            if (end > i) {
                String s = value.substring(i, end);
                try {
                    out.add(SGR.valueOf(s.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ": " + key + " = " + value + ": no attribute " + s);
                }
            }
            i = end + 1;
        }
        return out;
    }
}
