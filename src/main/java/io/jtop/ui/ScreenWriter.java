package io.jtop.ui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.BasicTextImage;
import com.googlecode.lanterna.graphics.TextImage;
import com.googlecode.lanterna.terminal.Terminal;
import io.jtop.ui.widget.Cells;

import java.io.IOException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Puts frames on the terminal itself, writing only the cells that differ from what it shows.
 *
 * <p>Lanterna's screen does this too, but at a cost that showed in both of the UI's budgets: each
 * character it is given becomes a {@code TextCharacter} checked with a {@code BreakIterator}, and
 * each refresh compares every cell and copies every cell's attribute set. Here a cell is a char and
 * an interned {@link Style}, compared by identity, and only rows the frame changed are looked at.
 * Lanterna's screen is still used for dialogs, over {@link #picture()}.
 *
 * <p>UI thread only.
 */
final class ScreenWriter {

    /** The second cell of a wide char. */
    private static final char WIDE_TAIL = '\0';
    /** Unchanged cells between two changed ones that are written again rather than skipped with a cursor move. */
    private static final int GAP = 4;

    private final Terminal terminal;
    private final Map<Style, Style> styles = new HashMap<>();
    private final Style plain;
    private int columns;
    private int rows;
    /** What the terminal shows, row by row. */
    private char[][] chars = new char[0][];
    private Style[][] cellStyles = new Style[0][];
    /** A row being composed. */
    private char[] rowChars = new char[0];
    private Style[] rowStyles = new Style[0];
    /** The style the terminal writes in now; null when unknown. */
    private Style current;

    /** Colours and attributes of a cell. Interned: equal styles are the same object. */
    record Style(TextColor foreground, TextColor background, EnumSet<SGR> sgr) {
        // Written out: a record's generated equals and hashCode link a chain of method handles at
        // their first call, and the first drawing makes that call.
        @Override
        public boolean equals(Object o) {
            return o instanceof Style s && foreground.equals(s.foreground) && background.equals(s.background)
                    && sgr.equals(s.sgr);
        }

        @Override
        public int hashCode() {
            return (foreground.hashCode() * 31 + background.hashCode()) * 31 + sgr.hashCode();
        }
    }

    ScreenWriter(Terminal terminal) {
        this.terminal = terminal;
        this.plain = style(TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT, EnumSet.noneOf(SGR.class));
    }

    /** The interned style. */
    Style style(TextColor foreground, TextColor background, EnumSet<SGR> sgr) {
        Style known = styles.get(new Style(foreground, background, sgr));
        if (known != null) {
            return known;
        }
        Style s = new Style(foreground, background, EnumSet.copyOf(sgr)); // the caller may change its set later
        styles.put(s, s);
        return s;
    }

    /** Clears the terminal and forgets what it showed: the next rows are written whole. */
    void clear(TerminalSize size) throws IOException {
        columns = size.getColumns();
        rows = size.getRows();
        chars = new char[rows][columns];
        cellStyles = new Style[rows][columns];
        for (int y = 0; y < rows; y++) {
            Arrays.fill(chars[y], ' ');
            Arrays.fill(cellStyles[y], plain);
        }
        rowChars = new char[columns];
        rowStyles = new Style[columns];
        terminal.resetColorAndSGR();
        current = plain;
        terminal.clearScreen();
        terminal.setCursorVisible(false);
    }

    /** Starts composing row {@code y}: blank in the terminal's default colours. */
    void beginRow() {
        Arrays.fill(rowChars, ' ');
        Arrays.fill(rowStyles, plain);
    }

    /** Puts clean text (see {@link Cells#clean}) at column {@code x} of the row being composed. */
    void put(int x, String text, Style style) {
        int col = x;
        for (int i = 0; i < text.length() && col < columns; i++) {
            char c = text.charAt(i);
            int w = Cells.width(c);
            if (col >= 0) {
                if (rowChars[col] == WIDE_TAIL && col > 0) {
                    rowChars[col - 1] = ' '; // half of a wide char overwritten: the other half is blank
                }
                if (w == 2 && col + 1 >= columns) {
                    c = ' '; // a wide char at the right edge does not fit
                    w = 1;
                }
                rowChars[col] = c;
                rowStyles[col] = style;
                if (w == 2) {
                    rowChars[col + 1] = WIDE_TAIL;
                    rowStyles[col + 1] = style;
                } else if (col + 1 < columns && rowChars[col + 1] == WIDE_TAIL) {
                    rowChars[col + 1] = ' ';
                }
            }
            col += w;
        }
    }

    /** Writes the cells of the composed row that differ from row {@code y} on the terminal; returns how many. */
    int endRow(int y) throws IOException {
        if (y < 0 || y >= rows) {
            return 0;
        }
        char[] shown = chars[y];
        Style[] shownStyles = cellStyles[y];
        int written = 0;
        int cursor = -1; // the column the terminal's cursor is at in this row, -1 when elsewhere
        for (int x = 0; x < columns; x++) {
            if (rowChars[x] == shown[x] && rowStyles[x] == shownStyles[x]) {
                continue;
            }
            if (rowChars[x] == WIDE_TAIL && x > 0) {
                x--; // rewrite the wide char whose second half changed
            }
            if (cursor < 0 || x < cursor || x - cursor > GAP) {
                terminal.setCursorPosition(x, y);
            } else {
                for (int g = cursor; g < x; g++) { // a short run of unchanged cells: cheaper than a move
                    written += write(g, shown, shownStyles);
                }
            }
            written += write(x, shown, shownStyles);
            cursor = x + (rowChars[x] != WIDE_TAIL && x + 1 < columns && rowChars[x + 1] == WIDE_TAIL ? 2 : 1);
            x = cursor - 1;
        }
        return written;
    }

    /** Writes the composed cell at {@code x} (both halves of a wide char) and records it as shown. */
    private int write(int x, char[] shown, Style[] shownStyles) throws IOException {
        char c = rowChars[x];
        if (c == WIDE_TAIL) {
            shown[x] = c;
            shownStyles[x] = rowStyles[x];
            return 0;
        }
        use(rowStyles[x]);
        terminal.putCharacter(c);
        shown[x] = c;
        shownStyles[x] = rowStyles[x];
        if (x + 1 < columns && rowChars[x + 1] == WIDE_TAIL) {
            shown[x + 1] = WIDE_TAIL;
            shownStyles[x + 1] = rowStyles[x + 1];
        }
        return 1;
    }

    private void use(Style s) throws IOException {
        if (s == current) {
            return;
        }
        terminal.resetColorAndSGR();
        if (s.foreground() != TextColor.ANSI.DEFAULT) {
            terminal.setForegroundColor(s.foreground());
        }
        if (s.background() != TextColor.ANSI.DEFAULT) {
            terminal.setBackgroundColor(s.background());
        }
        for (SGR a : s.sgr()) {
            terminal.enableSGR(a);
        }
        current = s;
    }

    /** Sends what was written. */
    void flush() throws IOException {
        terminal.flush();
    }

    /** The style in which the terminal is left unknown: after something else wrote to it (a dialog, a child). */
    void styleUnknown() {
        current = null;
    }

    /** What the terminal shows, as an image: the still background of a dialog. */
    TextImage picture() {
        TextImage image = new BasicTextImage(Math.max(columns, 1), Math.max(rows, 1));
        Map<Style, Map<Character, TextCharacter>> made = new HashMap<>();
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                char c = chars[y][x];
                if (c == WIDE_TAIL) {
                    continue;
                }
                Style s = cellStyles[y][x];
                TextCharacter tc = made.computeIfAbsent(s, k -> new HashMap<>()).computeIfAbsent(c,
                        k -> new TextCharacter(k, s.foreground(), s.background(), s.sgr()));
                image.setCharacterAt(x, y, tc);
            }
        }
        return image;
    }

    /** The text of row {@code y} as the terminal shows it, wide chars once; for tests. */
    String rowText(int y) {
        StringBuilder b = new StringBuilder();
        for (char c : chars[y]) {
            if (c != WIDE_TAIL) {
                b.append(c);
            }
        }
        return b.toString();
    }
}
