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
 * <p>Columns are separated by {@value #GAP} blank. When the minimum widths do not fit, the column
 * of lowest priority goes first (of equal priorities, the rightmost); the one most important column
 * stays even when narrower than its minimum. Width left over then raises columns towards their
 * preferred width, most important first, and what is still left is shared evenly by the flexible
 * columns (the leftmost get the odd cells). With no flexible column shown the row ends short.
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
                out.add(new Span(fit(text, p.width(), p.column().rightAligned()), style));
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

    /** Lays out the columns (see the class comment) in a width; none for a width of 0 or less. */
    public static Layout layout(List<Column> specs, int width) {
        if (width <= 0 || specs == null || specs.isEmpty()) {
            return new Layout(List.of(), Math.max(0, width));
        }
        int n = specs.size();
        boolean[] shown = new boolean[n];
        int count = n;
        long need = -GAP;
        for (int i = 0; i < n; i++) {
            shown[i] = specs.get(i) != null;
            if (shown[i]) {
                need += specs.get(i).minWidth() + GAP;
            } else {
                count--;
            }
        }
        while (count > 1 && need > width) {
            int drop = -1;
            for (int i = 0; i < n; i++) {
                if (shown[i] && (drop < 0 || specs.get(i).priority() <= specs.get(drop).priority())) {
                    drop = i;
                }
            }
            shown[drop] = false;
            count--;
            need -= specs.get(drop).minWidth() + GAP;
        }
        if (count == 0) {
            return new Layout(List.of(), width);
        }
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            if (shown[i]) {
                w[i] = count == 1 ? Math.min(width, specs.get(i).minWidth()) : specs.get(i).minWidth();
            }
        }
        long spare = width - need;
        // towards preferred, most important first (of equal priorities, the leftmost)
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (shown[i]) {
                order.add(i);
            }
        }
        order.sort((a, b) -> Integer.compare(specs.get(b).priority(), specs.get(a).priority()));
        for (int i : order) {
            if (spare <= 0) {
                break;
            }
            int more = (int) Math.min(spare, specs.get(i).preferredWidth() - w[i]);
            w[i] += more;
            spare -= more;
        }
        int flexible = 0;
        for (int i = 0; i < n; i++) {
            if (shown[i] && specs.get(i).flexible()) {
                flexible++;
            }
        }
        if (flexible > 0 && spare > 0) {
            long share = spare / flexible;
            long odd = spare % flexible;
            for (int i = 0; i < n; i++) {
                if (shown[i] && specs.get(i).flexible()) {
                    w[i] += (int) (share + (odd-- > 0 ? 1 : 0));
                }
            }
        }
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

    /**
     * Cell text in exactly {@code width} columns: cleaned, cut with {@code …} when longer, padded on
     * the right, or on the left when {@code right} (numbers); empty for a width of 0 or less.
     */
    public static String fit(String text, int width, boolean right) {
        String f = Cells.fit(text, width);
        if (width <= 0) {
            return f;
        }
        String blanks = " ".repeat(width - Cells.width(f));
        return right ? blanks + f : f + blanks;
    }
}
