package io.jtop.ui.widget;

import com.googlecode.lanterna.graphics.TextGraphics;
import io.jtop.ui.theme.SemanticKey;
import io.jtop.ui.theme.Theme;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays out a table's columns in a terminal width and fits cells to them; pure but for the draw
 * methods.
 *
 * <p>Widths follow the content: each column is as wide as its widest text (header included)
 * needs, within its minimum and maximum. Columns are separated by {@value #GAP} blank and placed
 * most important first (of equal priorities, the leftmost), each as wide as its content where
 * that fits; the fill column (the name) at its minimum first (or its content when narrower), and
 * the most important column even when narrower than that. The fill column then takes what is left,
 * up to its content: names are what users read, but a column of short names leaves the rest of the
 * row blank rather than padded. Last, a column left out comes back at its minimum where that still
 * fits, and grows with what is left: a cut image is better than none, but not at a name's cost.
 */
public final class Columns {

    public static final int GAP = 1;

    private Columns() {
    }

    /**
     * A column placed on screen.
     *
     * @param column the spec
     * @param index  its index in the spec list, i.e. in a row's cells
     * @param x      its first column on screen, from the table's left edge
     * @param width  its width
     */
    public record Placed(Column column, int index, int x, int width) {
    }

    /**
     * The columns shown, left to right, in a width.
     *
     * @param placed the columns shown
     * @param width  the width laid out (0 for a width of 0 or less)
     */
    public record Layout(List<Placed> placed, int width) {

        public Layout {
            placed = List.copyOf(placed);
        }

        /** The row's text: each shown cell fitted to its column, padded to the full width; missing cells are blank. */
        public String row(List<String> cells) {
            StringBuilder b = new StringBuilder();
            for (Span s : spans(cells, null, SemanticKey.ROW)) {
                b.append(s.text());
            }
            return b.toString();
        }

        /** The header row: the column names, fitted and aligned like their cells. */
        public String header() {
            return row(names());
        }

        private List<String> names() {
            List<String> out = new ArrayList<>();
            for (Placed p : placed) {
                while (out.size() < p.index()) {
                    out.add("");
                }
                out.add(p.column().name());
            }
            return out;
        }

        /**
         * The row as spans covering the full width: each shown cell in its style from
         * {@code cellStyles} (by spec index; a null list, a missing or null entry means
         * {@code rowStyle}), the gaps and the end in {@code rowStyle}.
         */
        public List<Span> spans(List<String> cells, List<SemanticKey> cellStyles, SemanticKey rowStyle) {
            List<Span> out = new ArrayList<>();
            int x = 0;
            for (Placed p : placed) {
                if (p.x() > x) {
                    out.add(new Span(" ".repeat(p.x() - x), rowStyle));
                }
                String text = cells != null && p.index() < cells.size() ? cells.get(p.index()) : "";
                SemanticKey style = cellStyles != null && p.index() < cellStyles.size() && cellStyles.get(p.index()) != null
                        ? cellStyles.get(p.index()) : rowStyle;
                out.add(new Span(p.column().fit(text, p.width()), style));
                x = p.x() + p.width();
            }
            if (width > x) {
                out.add(new Span(" ".repeat(width - x), rowStyle));
            }
            return out;
        }

        /** Draws a row at (column, row) in one style, e.g. ROW or ROW_SELECTED. */
        public void drawRow(TextGraphics g, int column, int row, List<String> cells, Theme theme, SemanticKey rowStyle) {
            Cells.put(g, column, row, spans(cells, null, rowStyle), theme);
        }

        /** Draws a row with its own style per cell (e.g. VALUE_CRITICAL on a CPU % cell); see {@link #spans}. */
        public void drawRow(TextGraphics g, int column, int row, List<String> cells, List<SemanticKey> cellStyles,
                            Theme theme, SemanticKey rowStyle) {
            Cells.put(g, column, row, spans(cells, cellStyles, rowStyle), theme);
        }

        /** Draws the header row in TABLE_HEADER. */
        public void drawHeader(TextGraphics g, int column, int row, Theme theme) {
            Cells.put(g, column, row, spans(names(), null, SemanticKey.TABLE_HEADER), theme);
        }
    }

    /**
     * The widest text of each column, header included, in terminal columns: what
     * {@link #layout(List, int[], int)} sizes the columns by. A row's missing cells count as empty.
     */
    public static int[] contentWidths(List<Column> specs, List<List<String>> rows) {
        int[] out = new int[specs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = specs.get(i) == null ? 0 : Cells.width(Cells.clean(specs.get(i).name()));
        }
        for (List<String> row : rows) {
            for (int i = 0; i < out.length && i < row.size(); i++) {
                out[i] = Math.max(out[i], Cells.width(Cells.clean(row.get(i))));
            }
        }
        return out;
    }

    /** Lays out columns whose content is not known: each as wide as its maximum wants. */
    public static Layout layout(List<Column> specs, int width) {
        return layout(specs, null, width);
    }

    /**
     * Lays out the columns (see the class comment) in a width; none for a width of 0 or less.
     *
     * @param content each column's widest text ({@link #contentWidths}), by spec index; null, or an
     *                index beyond its end, for a column as wide as its maximum
     */
    public static Layout layout(List<Column> specs, int[] content, int width) {
        if (width <= 0 || specs == null || specs.isEmpty()) {
            return new Layout(List.of(), Math.max(0, width));
        }
        int n = specs.size();
        int[] floor = new int[n];
        int[] want = new int[n];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Column c = specs.get(i);
            if (c != null) {
                int text = content == null || i >= content.length ? c.maxWidth() : Math.max(1, content[i]);
                floor[i] = Math.min(text, c.minWidth());
                want[i] = Math.min(text, c.maxWidth());
                order.add(i);
            }
        }
        // most important first; List.sort is stable, so of equal priorities the leftmost
        order.sort((a, b) -> Integer.compare(specs.get(b).priority(), specs.get(a).priority()));
        int[] w = new int[n];
        boolean[] shown = new boolean[n];
        int used = -GAP;
        // each at its content where that fits (the fill column at its minimum); the first always
        for (int i : order) {
            int take = specs.get(i).fill() ? floor[i] : want[i];
            if (used < 0 || used + GAP + take <= width) {
                shown[i] = true;
                w[i] = Math.min(take, width);
                used += GAP + w[i];
            }
        }
        used += grow(specs, order, shown, true, want, w, width - used);
        // those left out, at their minimum where that fits now
        for (int i : order) {
            if (!shown[i] && used + GAP + floor[i] <= width) {
                shown[i] = true;
                w[i] = floor[i];
                used += GAP + w[i];
            }
        }
        grow(specs, order, shown, false, want, w, width - used);
        List<Placed> placed = new ArrayList<>();
        int x = 0;
        for (int i = 0; i < n; i++) {
            if (shown[i]) {
                placed.add(new Placed(specs.get(i), i, x, w[i]));
                x += w[i] + GAP;
            }
        }
        return new Layout(placed, width);
    }

    /** Widens the shown fill (or other) columns towards their content, most important first; returns the width taken. */
    private static int grow(List<Column> specs, List<Integer> order, boolean[] shown, boolean fill, int[] want, int[] w,
                            int spare) {
        int taken = 0;
        for (int i : order) {
            if (shown[i] && specs.get(i).fill() == fill && spare > taken) {
                int more = Math.min(spare - taken, want[i] - w[i]);
                w[i] += more;
                taken += more;
            }
        }
        return taken;
    }

    /**
     * Cell text in exactly {@code width} columns: cleaned, cut at its end with {@code …} when longer, padded on
     * the right, or on the left when {@code right} (numbers); empty for a width of 0 or less.
     */
    public static String fit(String text, int width, boolean right) {
        return fit(text, width, right, false);
    }

    /** {@link #fit(String, int, boolean)}, shortened in the middle ({@link Cells#fitMiddle}) when {@code middle}. */
    public static String fit(String text, int width, boolean right, boolean middle) {
        String f = middle ? Cells.fitMiddle(text, width) : Cells.fit(text, width);
        if (width <= 0) {
            return f;
        }
        String blanks = " ".repeat(width - Cells.width(f));
        return right ? blanks + f : f + blanks;
    }
}
