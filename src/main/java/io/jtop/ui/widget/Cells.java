package io.jtop.ui.widget;

import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.graphics.StyleSet;
import com.googlecode.lanterna.graphics.TextGraphics;
import io.jtop.text.TerminalText;
import io.jtop.ui.theme.SemanticKey;
import io.jtop.ui.theme.Theme;

import java.text.Normalizer;
import java.util.List;

/**
 * Text as terminal cells: what may go on screen, how many columns it takes, and fitting it to a width.
 *
 * <p>Lanterna 3.1 puts one UTF-16 char in a cell (two cells for CJK), throws on a control character
 * and splits a surrogate pair into two broken cells, so text from outside (container names, log
 * lines) goes through {@link #clean} before any width is measured or anything is drawn.
 */
public final class Cells {

    /** What a truncated text ends with. */
    public static final char ELLIPSIS = '…';
    /** Tab stops every 8 columns, as terminals and {@code less} have them. */
    public static final int TAB = 8;

    private Cells() {
    }

    /**
     * Text that draws safely one cell per char (two for wide chars). What the CLI escapes is
     * escaped alike ({@link TerminalText}, tabs kept): an escape sequence in a name shows as
     * {@code \x1b[2J}, a right-to-left override as <code>&#92;u202e</code>, a byte that is not
     * UTF-8 as {@code \xff}, so the screen says what the text holds instead of hiding it. Then tabs
     * are expanded, combining marks and invisible format chars dropped (after NFC, so
     * {@code e}+acute becomes {@code é}), and chars beyond the BMP (emoji) shown as U+FFFD. Null
     * gives the empty string.
     */
    public static String clean(String s) {
        return cells(s, true);
    }

    /**
     * {@link #clean}, escaping backslashes or not: text is cleaned where it enters a view, and
     * what is drawn is made safe once more ({@link #put}) without escaping its escapes again.
     */
    private static String cells(String s, boolean backslashes) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        if (plainAscii(s, backslashes)) {
            return s;
        }
        // Composed first: a combining mark after an escape must not join the escape's last letter.
        String composed = mayCompose(s) ? Normalizer.normalize(s, Normalizer.Form.NFC) : s;
        String t = backslashes ? TerminalText.escape(composed, TerminalText.Layout.TABS)
                : TerminalText.escapeControls(composed, TerminalText.Layout.TABS);
        StringBuilder b = new StringBuilder(t.length());
        int col = 0;
        for (int i = 0; i < t.length(); ) {
            int cp = t.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (cp == '\t') {
                int n = TAB - col % TAB;
                b.append(" ".repeat(n));
                col += n;
            } else if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || type == Character.FORMAT) {
                continue;
            } else if (Character.isSupplementaryCodePoint(cp) || Character.isSurrogate((char) cp)) {
                b.append('\uFFFD');
                col++;
            } else {
                b.append((char) cp);
                col += width((char) cp);
            }
        }
        return b.toString();
    }

    /**
     * Whether NFC could join chars of this text into fewer cells: only a combining mark or a
     * conjoining Hangul jamo does that. (Loading the normaliser's tables is slow, and text such as
     * the table's ▼ or … needs none.)
     */
    private static boolean mayCompose(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '\u0300') {
                int type = Character.getType(c);
                if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                        || type == Character.ENCLOSING_MARK || c >= '\u1100' && c <= '\u11FF') {
                    return true;
                }
            }
        }
        return false;
    }

    /** Printable ASCII (without a backslash, when backslashes are escaped): nothing to escape, expand or measure. */
    private static boolean plainAscii(String s, boolean backslashes) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < ' ' || c > '~' || c == '\\' && backslashes) {
                return false;
            }
        }
        return true;
    }

    /** Columns one char of clean text takes: 2 for CJK and other wide chars, else 1. */
    public static int width(char c) {
        // Lanterna counts no char wide below U+1100 (Hangul Jamo) nor from U+1200 up to U+2E80 (CJK
        // radicals): the UI's own glyphs (box drawing, braille, blocks, arrows) lie there. Its test
        // looks up the Unicode block, which is slow enough to show in the UI's CPU at every frame,
        // and loads the blocks' table at its first use.
        return c < '\u1100' || c >= '\u1200' && c < '\u2E80' ? 1 : TerminalTextUtils.isCharDoubleWidth(c) ? 2 : 1;
    }

    /** Columns clean text takes. */
    public static int width(String clean) {
        int w = 0;
        for (int i = 0; i < clean.length(); i++) {
            w += width(clean.charAt(i));
        }
        return w;
    }

    /**
     * The text, cleaned, in at most {@code width} columns: cut with {@link #ELLIPSIS} when longer
     * (a wide char is never cut in half); empty for a width of 0 or less.
     */
    public static String fit(String s, int width) {
        String c = clean(s);
        if (width <= 0) {
            return "";
        }
        if (width(c) <= width) {
            return c;
        }
        return head(c, width - 1) + ELLIPSIS;
    }

    /**
     * The text, cleaned, in at most {@code width} columns: shortened in the middle with
     * {@link #ELLIPSIS} when longer, so that both ends stay readable. A name made of parts, such as
     * Kubernetes' {@code namespace/pod/container} or an image's {@code registry/repo:tag}, keeps its
     * last part whole when that takes at most half the width ({@code kube-system/coredns-5d78c…/coredns});
     * other text keeps as much of its start as of its end. A wide char is never cut in half; empty for
     * a width of 0 or less.
     */
    public static String fitMiddle(String s, int width) {
        return shortenMiddle(clean(s), width);
    }

    /**
     * {@link #fitMiddle} for text that is safe to print already (escaped, such as a CLI table's
     * cells), measured by {@link #columns}: it is not escaped again.
     */
    public static String shortenMiddle(String text, int width) {
        if (width <= 0) {
            return "";
        }
        if (columns(text) <= width) {
            return text;
        }
        int budget = width - 1;
        int slash = text.lastIndexOf('/');
        String last = slash > 0 ? text.substring(slash) : null;
        int tailWidth = last != null && columns(last) <= budget / 2 ? columns(last) : budget / 2;
        String tail = tail(text, tailWidth);
        return head(text, budget - columns(tail)) + ELLIPSIS + tail;
    }

    /** The longest start of the text in at most {@code width} columns, whole characters only. */
    private static String head(String text, int width) {
        int col = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (col + columns(cp) > width) {
                break;
            }
            col += columns(cp);
            i += Character.charCount(cp);
        }
        return text.substring(0, i);
    }

    /** The longest end of the text in at most {@code width} columns, whole characters only. */
    private static String tail(String text, int width) {
        int col = 0;
        int i = text.length();
        while (i > 0) {
            int cp = text.codePointBefore(i);
            if (col + columns(cp) > width) {
                break;
            }
            col += columns(cp);
            i -= Character.charCount(cp);
        }
        return text.substring(i);
    }

    /**
     * Columns any text takes on a terminal, not only clean text: combining marks and invisible
     * format chars none, wide chars and chars beyond the BMP (emoji) two, others one.
     */
    public static int columns(String text) {
        int w = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            w += columns(cp);
            i += Character.charCount(cp);
        }
        return w;
    }

    private static int columns(int cp) {
        if (cp < '\u0300') {
            return 1;
        }
        if (Character.isSupplementaryCodePoint(cp)) {
            return 2;
        }
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
            return 0;
        }
        return width((char) cp);
    }

    /**
     * Draws spans left to right from (column, row), each in its theme style; the graphics' own
     * style is kept. Span text is expected clean ({@link #clean}, {@link #fit}): what is not is
     * made drawable here, its backslashes left alone.
     */
    public static void put(TextGraphics g, int column, int row, List<Span> spans, Theme theme) {
        StyleSet.Set saved = new StyleSet.Set(g);
        try {
            int col = column;
            for (Span s : spans) {
                String text = cells(s.text(), false);
                style(g, theme, s.style());
                g.putString(col, row, text);
                col += width(text);
            }
        } finally {
            g.setStyleFrom(saved);
        }
    }

    /** Sets the graphics' colours and attributes to those of a theme key. */
    static void style(TextGraphics g, Theme theme, SemanticKey key) {
        Theme.Style st = theme.style(key);
        g.setForegroundColor(st.foreground());
        g.setBackgroundColor(st.background());
        g.setModifiers(st.sgr().clone());
    }
}
