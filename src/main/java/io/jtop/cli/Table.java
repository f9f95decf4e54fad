package io.jtop.cli;

import io.jtop.text.TerminalText;

import java.util.ArrayList;
import java.util.List;

/** Aligned text columns: numbers right-aligned, text left-aligned; the last column never padded. */
public final class Table {

    private final List<String> headers;
    private final boolean[] rightAligned;
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
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            w[i] = headers.get(i).length();
            for (List<String> r : rows) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, headers, w);
        for (List<String> r : rows) {
            line(b, r, w);
        }
        return b.toString();
    }

    private void line(StringBuilder b, List<String> cells, int[] w) {
        int start = b.length();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            boolean last = i == cells.size() - 1;
            int pad = w[i] - c.length();
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
