package io.jtop.ui.theme;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;

import java.util.EnumSet;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A loaded theme: Lanterna's own theme for dialogs ({@code gui2}) and a style for each of jtop's
 * semantic keys. Renderers style only through it: no colour literal outside the theme files.
 */
public final class Theme {

    private final String name;
    private final Map<SemanticKey, Style> styles;
    private Supplier<com.googlecode.lanterna.graphics.Theme> lanternaSource;
    private com.googlecode.lanterna.graphics.Theme lanterna;

    /** Foreground, background and attributes of one semantic key. */
    public record Style(TextColor foreground, TextColor background, EnumSet<SGR> sgr) {
    }

    /**
     * @param name     the theme's name or file
     * @param lanterna makes the Lanterna part, for gui2 windows and dialogs, when a dialog first
     *                 needs it: the main screen never does, and parsing its colours is costly in
     *                 a new JVM
     * @param styles   one style per semantic key, all present
     */
    Theme(String name, Supplier<com.googlecode.lanterna.graphics.Theme> lanterna, Map<SemanticKey, Style> styles) {
        this.name = name;
        this.lanternaSource = lanterna;
        this.styles = styles;
    }

    public String name() {
        return name;
    }

    /** The Lanterna part, made on the first call. */
    public synchronized com.googlecode.lanterna.graphics.Theme lanterna() {
        if (lanterna == null) {
            lanterna = lanternaSource.get();
            lanternaSource = null;
        }
        return lanterna;
    }

    public Style style(SemanticKey key) {
        return styles.get(key);
    }
}
