package io.jtop.ui.widget;

import com.googlecode.lanterna.graphics.TextGraphics;
import io.jtop.ui.Format;
import io.jtop.ui.theme.SemanticKey;
import io.jtop.ui.theme.Theme;

import java.util.ArrayList;
import java.util.List;

/**
 * A horizontal bar like htop's {@code CPU[|||||      42.0%]}: a label, a bar filled in proportion to
 * used ÷ max, and a value text right-aligned inside the brackets. Cells of the filled part (bar
 * chars and any value text over them) take the level's style (METER_OK, METER_WARN at
 * {@code warnPercent} or more, METER_CRITICAL at {@code criticalPercent} or more); the rest is ROW.
 *
 * <p>When the width is short it gives up, in order: the label, then the value text, then the
 * brackets; a width of 0 or less is the empty string.
 *
 * @param label           e.g. {@code CPU}; cleaned for the terminal
 * @param warnPercent     from this percentage of max on, the bar is METER_WARN
 * @param criticalPercent from this percentage of max on, the bar is METER_CRITICAL
 */
public record Meter(String label, double warnPercent, double criticalPercent) {

    public static final double WARN = 75;
    public static final double CRITICAL = 90;
    public static final char BAR = '|';

    public Meter {
        label = Cells.clean(label);
    }

    /** A meter warning at {@value #WARN}% and critical at {@value #CRITICAL}%. */
    public Meter(String label) {
        this(label, WARN, CRITICAL);
    }

    /**
     * A meter rendered to a width.
     *
     * @param text      exactly the width's columns (empty for a width of 0 or less)
     * @param style     the level: METER_OK, METER_WARN or METER_CRITICAL
     * @param fillStart first column of the filled part
     * @param fillEnd   column after the filled part (equal to fillStart when nothing is filled)
     */
    public record Bar(String text, SemanticKey style, int fillStart, int fillEnd) {

        /** The text cut into spans: ROW, then the filled part in the level's style, then ROW. */
        public List<Span> spans() {
            List<Span> out = new ArrayList<>(3);
            int[] cut = {0, fillStart, fillEnd, Cells.width(text)};
            SemanticKey[] styles = {SemanticKey.ROW, style, SemanticKey.ROW};
            for (int i = 0; i < 3; i++) {
                if (cut[i + 1] > cut[i]) {
                    out.add(new Span(columns(text, cut[i], cut[i + 1]), styles[i]));
                }
            }
            return out;
        }
    }

    /** The used share of max in percent, between 0 and 100; 0 when either is unknown (NaN) or max is not positive. */
    public static double percent(double used, double max) {
        if (!(used > 0) || !(max > 0)) {
            return 0;
        }
        return used >= max ? 100 : used / max * 100;
    }

    /** The style of a level: critical, warn or ok by this meter's thresholds. */
    public SemanticKey styleFor(double percent) {
        if (percent >= criticalPercent) {
            return SemanticKey.METER_CRITICAL;
        }
        return percent >= warnPercent ? SemanticKey.METER_WARN : SemanticKey.METER_OK;
    }

    /**
     * Renders the meter; pure.
     *
     * @param used      the value, e.g. CPU % or bytes; NaN when unknown
     * @param max       the full scale, e.g. 100 × cores or the memory limit; unknown (NaN, 0) gives an empty bar
     * @param valueText the text inside, e.g. {@code 120MiB/512MiB}; null for the percentage ({@code 42.0%})
     * @param width     columns in all
     */
    public Bar bar(double used, double max, String valueText, int width) {
        double pct = percent(used, max);
        SemanticKey style = styleFor(pct);
        if (width <= 0) {
            return new Bar("", style, 0, 0);
        }
        String value = valueText == null ? Format.percent(pct) + "%" : Cells.clean(valueText);
        int lw = Cells.width(label);
        int vw = Cells.width(value);
        String left;
        String right;
        boolean showValue;
        if (width >= lw + 2 + vw && !label.isEmpty()) {
            left = label + "[";
            right = "]";
            showValue = true;
        } else if (width >= 2 + vw) {
            left = "[";
            right = "]";
            showValue = true;
        } else if (width >= lw + 3 && !label.isEmpty()) {
            left = label + "[";
            right = "]";
            showValue = false;
        } else if (width >= 3) {
            left = "[";
            right = "]";
            showValue = false;
        } else {
            left = "";
            right = "";
            showValue = false;
        }
        int start = Cells.width(left);
        int inner = width - start - right.length();
        int filled = (int) Math.round(pct / 100 * inner);
        StringBuilder b = new StringBuilder(left);
        String shown = showValue ? value : "";
        int valueAt = inner - Cells.width(shown);
        for (int i = 0; i < valueAt; i++) {
            b.append(i < filled ? BAR : ' ');
        }
        b.append(shown).append(right);
        return new Bar(b.toString(), style, start, start + filled);
    }

    /** Draws {@link #bar} at (column, row) in the theme's styles. */
    public void draw(TextGraphics g, int column, int row, int width, Theme theme, double used, double max, String valueText) {
        Cells.put(g, column, row, bar(used, max, valueText, width).spans(), theme);
    }

    /** The chars of clean text covering columns [from, to). */
    static String columns(String text, int from, int to) {
        StringBuilder b = new StringBuilder();
        int col = 0;
        for (int i = 0; i < text.length() && col < to; i++) {
            char c = text.charAt(i);
            if (col >= from) {
                b.append(c);
            }
            col += Cells.width(c);
        }
        return b.toString();
    }
}
