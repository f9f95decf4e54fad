package io.jtop.ui;

import io.jtop.ui.widget.Cells;

import java.util.regex.Pattern;

/**
 * A container's text in a pane's line. The text view escapes each line as it comes in
 * ({@link Cells#clean}) after splitting it at line breaks, so a pane leaves the text as it is but
 * for its line breaks, and pads it by the width it will be shown in.
 */
final class PaneText {

    private static final Pattern LINE_BREAK = Pattern.compile("\\R");

    private PaneText() {
    }

    /** The text on one line: a line break shown as {@code ␤}. */
    static String oneLine(String s) {
        return LINE_BREAK.matcher(s).replaceAll("\u2424");
    }

    /**
     * The text on one line, padded to {@code width} columns as the view will show it: an escape
     * such as {@code \x1b} takes four columns, so padding the raw text would shift the columns after it.
     */
    static String cell(String s, int width) {
        String line = oneLine(s);
        return line + " ".repeat(Math.max(0, width - Cells.width(Cells.clean(line))));
    }
}
