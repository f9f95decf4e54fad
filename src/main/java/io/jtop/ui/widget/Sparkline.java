package io.jtop.ui.widget;

import com.googlecode.lanterna.graphics.StyleSet;
import com.googlecode.lanterna.graphics.TextGraphics;
import io.jtop.ui.theme.SemanticKey;
import io.jtop.ui.theme.Theme;

import java.util.List;

/**
 * A time series graph filling width × height cells, newest sample at the right, as an area from the
 * bottom. {@link #plot} is pure; {@link #draw} only styles and puts the plot's cells.
 *
 * <p>Scale: 0 at the bottom, {@code max} at the top; values above max clamp to the top, below 0 to
 * nothing; a NaN value is a gap (an empty column), as are the columns before the first sample. A
 * value above 0 shows at least one dot (or one eighth), so a nearly idle container is not drawn as a
 * stopped one. A max that is not a positive finite number means "scale to the largest value shown".
 *
 * <p>A limit inside the scale (0 &lt; limit ≤ max) is a horizontal line drawn behind the graph: it
 * shows in the cells where the graph stays below it, and those cells are flagged for
 * {@link SemanticKey#GRAPH_LIMIT}.
 */
public final class Sparkline {

    /** Widths and heights are cut to this; no terminal is larger. */
    public static final int MAX_CELLS = 4096;
    private static final String BLOCKS = " ▁▂▃▄▅▆▇█";
    /** The line in a BLOCK cell the graph does not reach. */
    public static final char LIMIT_LINE = '─';
    private static final char BRAILLE_BLANK = '\u2800';
    /** Braille dot bits of the left and right dot columns, bottom dot first. */
    private static final int[][] DOTS = {{0x40, 0x04, 0x02, 0x01}, {0x80, 0x20, 0x10, 0x08}};

    /** How a cell shows samples. */
    public enum Mode {
        /** Braille dots: each cell 2 samples wide and 4 dots high (U+2800 block). */
        BRAILLE(2, 4),
        /** Eighth blocks ▁▂▃▄▅▆▇█: each cell 1 sample wide and 8 levels high; for terminals without braille. */
        BLOCK(1, 8);

        private final int samplesPerCell;
        private final int levelsPerCell;

        Mode(int samplesPerCell, int levelsPerCell) {
            this.samplesPerCell = samplesPerCell;
            this.levelsPerCell = levelsPerCell;
        }

        /** Samples one cell shows side by side. */
        public int samplesPerCell() {
            return samplesPerCell;
        }

        /** Vertical steps in one cell. */
        public int levelsPerCell() {
            return levelsPerCell;
        }
    }

    private Sparkline() {
    }

    /** A plotted graph: rows of cells (top row first) and which cells show the limit line. */
    public static final class Plot {
        private final String[] rows;
        private final boolean[][] limit;

        private Plot(String[] rows, boolean[][] limit) {
            this.rows = rows;
            this.limit = limit;
        }

        public int width() {
            return rows.length == 0 ? 0 : rows[0].length();
        }

        public int height() {
            return rows.length;
        }

        /** The rows, top first, each exactly {@link #width()} single-column chars (blank cells are spaces). */
        public List<String> rows() {
            return List.of(rows);
        }

        /** Whether the cell shows the limit line (and is drawn in {@link SemanticKey#GRAPH_LIMIT}); false outside the plot. */
        public boolean isLimit(int column, int row) {
            return row >= 0 && row < limit.length && column >= 0 && column < limit[row].length && limit[row][column];
        }

        @Override
        public String toString() {
            return String.join("\n", rows);
        }
    }

    /** {@link #plot(double[], double, double, int, int, Mode)} without a limit line. */
    public static Plot plot(double[] values, double max, int width, int height, Mode mode) {
        return plot(values, max, Double.NaN, width, height, mode);
    }

    /**
     * Plots the newest {@code width × mode.samplesPerCell()} values.
     *
     * @param values oldest first; NaN is a gap; null is no data
     * @param max    the top of the scale, e.g. 100 × cores for CPU %, or the memory limit
     * @param limit  where to draw the limit line, or NaN (or anything outside (0, max]) for none
     * @param width  cells across; nothing is plotted when 0 or less; at most {@value #MAX_CELLS}
     * @param height cells down; nothing is plotted when 0 or less; at most {@value #MAX_CELLS}
     * @param mode   BRAILLE, or BLOCK where the terminal cannot show braille (also for null)
     */
    public static Plot plot(double[] values, double max, double limit, int width, int height, Mode mode) {
        if (width <= 0 || height <= 0) {
            return new Plot(new String[0], new boolean[0][0]);
        }
        width = Math.min(width, MAX_CELLS);
        height = Math.min(height, MAX_CELLS);
        double[] v = values == null ? new double[0] : values;
        mode = mode == null ? Mode.BLOCK : mode;
        int per = mode.samplesPerCell();
        int slots = width * per;
        int shown = Math.min(v.length, slots);
        int first = slots - shown; // slot of the oldest sample shown
        double top = scaleTop(v, v.length - shown, max);
        int levels = height * mode.levelsPerCell();

        int[] level = new int[slots];
        for (int s = 0; s < shown; s++) {
            level[first + s] = level(v[v.length - shown + s], top, levels);
        }
        int line = limit > 0 && limit <= top && top > 0 ? Math.max(1, (int) Math.round(limit / top * levels)) : 0;

        String[] rows = new String[height];
        boolean[][] flags = new boolean[height][width];
        for (int r = 0; r < height; r++) {
            int base = (height - 1 - r) * mode.levelsPerCell(); // levels below this row
            boolean lineHere = line > base && line <= base + mode.levelsPerCell();
            StringBuilder b = new StringBuilder(width);
            for (int c = 0; c < width; c++) {
                int reach = 0; // highest level of any sample in the cell
                for (int k = 0; k < per; k++) {
                    reach = Math.max(reach, level[c * per + k]);
                }
                boolean behind = lineHere && reach < line;
                if (mode == Mode.BRAILLE) {
                    int bits = 0;
                    for (int k = 0; k < per; k++) {
                        int fill = clamp(level[c * per + k] - base, mode.levelsPerCell());
                        for (int d = 0; d < fill; d++) {
                            bits |= DOTS[k][d];
                        }
                        if (lineHere) {
                            bits |= DOTS[k][line - base - 1];
                        }
                    }
                    b.append(bits == 0 ? ' ' : (char) (BRAILLE_BLANK + bits));
                    flags[r][c] = behind;
                } else {
                    int fill = clamp(reach - base, mode.levelsPerCell());
                    b.append(behind && fill == 0 ? LIMIT_LINE : BLOCKS.charAt(fill));
                    flags[r][c] = behind && fill == 0;
                }
            }
            rows[r] = b.toString();
        }
        return new Plot(rows, flags);
    }

    /** The scale's top: max when it is a positive finite number, else the largest finite value shown. */
    private static double scaleTop(double[] v, int from, double max) {
        if (max > 0 && max < Double.POSITIVE_INFINITY) {
            return max;
        }
        double top = 0;
        for (int i = from; i < v.length; i++) {
            if (v[i] > top && v[i] < Double.POSITIVE_INFINITY) {
                top = v[i];
            }
        }
        return top;
    }

    /** Levels filled by a value: 0 for NaN, nothing or no scale; at least 1 for any positive value. */
    private static int level(double value, double top, int levels) {
        if (!(value > 0) || !(top > 0)) {
            return 0;
        }
        if (value >= top) {
            return levels;
        }
        return Math.max(1, (int) Math.round(value / top * levels));
    }

    private static int clamp(int n, int hi) {
        return Math.max(0, Math.min(hi, n));
    }

    /**
     * Draws a plot with its top-left cell at (column, row): graph cells in {@code graph}'s style
     * (GRAPH_CPU, GRAPH_MEMORY, GRAPH_PIDS), limit cells in GRAPH_LIMIT; the graphics' style is kept.
     */
    public static void draw(TextGraphics g, int column, int row, Plot plot, Theme theme, SemanticKey graph) {
        StyleSet.Set saved = new StyleSet.Set(g);
        try {
            for (int r = 0; r < plot.height(); r++) {
                String cells = plot.rows[r];
                int c = 0;
                while (c < cells.length()) {
                    boolean lim = plot.limit[r][c];
                    int end = c;
                    while (end < cells.length() && plot.limit[r][end] == lim) {
                        end++;
                    }
                    Cells.style(g, theme, lim ? SemanticKey.GRAPH_LIMIT : graph);
                    g.putString(column + c, row + r, cells.substring(c, end));
                    c = end;
                }
            }
        } finally {
            g.setStyleFrom(saved);
        }
    }
}
