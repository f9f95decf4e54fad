package io.jtop.ui.theme;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;

import java.util.EnumSet;
import java.util.Map;

/**
 * A loaded theme: Lanterna's own theme for dialogs ({@code gui2}) and a style for each of jtop's
 * semantic keys. Renderers style only through it: no colour literal outside the theme files.
 *
 * @param name     the theme's name or file
 * @param lanterna the Lanterna part, for gui2 windows and dialogs
 * @param styles   one style per semantic key, all present
 */
public record Theme(String name, com.googlecode.lanterna.graphics.Theme lanterna, Map<SemanticKey, Style> styles) {

    /** Foreground, background and attributes of one semantic key. */
    public record Style(TextColor foreground, TextColor background, EnumSet<SGR> sgr) {
    }

    public Style style(SemanticKey key) {
        return styles.get(key);
    }
}
