package io.jtop.cli;

import io.jtop.text.TerminalText;
import io.jtop.ui.widget.Cells;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligned text columns: numbers right-aligned, text left-aligned; the last column never padded.
 * Each column is as wide as its widest cell in terminal columns (a CJK char takes two, a combining
 * mark none), or as its maximum where it has one: longer cells are then shortened in the middle, as
 * the UI's table shortens names ({@link Cells#shortenMiddle}).
 */
public final class Table {

    private final List<String> headers;
    private final boolean[] rightAligned;
    /** Per column: the widest it is shown, or 0 for no limit. */
    private final int[] maxWidth;
    private final List<List<String>> rows = new ArrayList<>();

    /** Headers ending in {@code >} are right-aligned (the marker is not printed). */
    public Table(String... headers) {
        this.headers = new ArrayList<>();
        this.rightAligned = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            String h = headers[i];
            rightAligned[i] = h.endsWith(">");
            this.headers.add(rightAligned[i] ? h.substring(0, h.length() - 1) : h);
        }
        this.maxWidth = new int[headers.length];
    }

    /** Shows the column under {@code header} at most {@code width} wide, its longer cells shortened in the middle. */
    public Table shorten(String header, int width) {
        int i = headers.indexOf(header);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + header);
        }
        maxWidth[i] = Math.max(1, width);
        return this;
    }

    /** Adds a row; each cell is escaped into one line ({@link TerminalText#line}), whatever text it holds. */
    public Table add(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table " + headers.size());
        }
        List<String> row = new ArrayList<>(cells.length);
        for (String c : cells) {
            row.add(TerminalText.line(c));
        }
        rows.add(row);
        return this;
    }

    public int size() {
        return rows.size();
    }

    public String render() {
        int n = headers.size();
        List<List<String>> shown = new ArrayList<>(rows.size());
        for (List<String> r : rows) {
            List<String> cells = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                cells.add(maxWidth[i] > 0 ? Cells.shortenMiddle(r.get(i), maxWidth[i]) : r.get(i));
            }
            shown.add(cells);
        }
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            w[i] = Cells.columns(headers.get(i));
            for (List<String> r : shown) {
                w[i] = Math.max(w[i], Cells.columns(r.get(i)));
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, headers, w);
        for (List<String> r : shown) {
            line(b, r, w);
        }
        return b.toString();
    }

    private void line(StringBuilder b, List<String> cells, int[] w) {
        int start = b.length();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            boolean last = i == cells.size() - 1;
            int pad = w[i] - Cells.columns(c);
            if (rightAligned[i]) {
                b.append(" ".repeat(pad)).append(c);
            } else {
                b.append(c);
                if (!last) {
                    b.append(" ".repeat(pad));
                }
            }
            if (!last) {
                b.append("  ");
            }
        }
        // no trailing blanks
        int end = b.length();
        while (end > start && b.charAt(end - 1) == ' ') {
            end--;
        }
        b.setLength(end);
        b.append('\n');
    }
}
