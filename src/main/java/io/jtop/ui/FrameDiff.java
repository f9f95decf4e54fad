package io.jtop.ui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.graphics.AbstractTextGraphics;
import com.googlecode.lanterna.graphics.TextGraphics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Draws a frame row by row, and only the rows that differ from the last frame. The views draw the
 * whole frame at every refresh, which keeps them simple; composing every row into cells at every
 * refresh would cost more than the drawing. So views draw into a recorder, and only rows whose
 * calls changed are composed by the {@link ScreenWriter} (which then writes only the cells that
 * changed to the terminal).
 *
 * <p>The recorder is a TextGraphics that supports what jtop's views use: strings and their style.
 * UI thread only.
 */
final class FrameDiff {

    private final ScreenWriter writer;

    /** The rows of the last frame written; null when the next must be written whole on a cleared screen. */
    private Map<Integer, List<Put>> previous;
    private Map<Integer, List<Put>> current;

    /** What each key's row was drawn as, in {@link #drawnLayout}: at the last frame and at this one. */
    private Map<Object, List<Put>> drawnBefore = Map.of();
    private Map<Object, List<Put>> drawnNow = Map.of();
    private Object drawnLayout;

    /** One {@code putString} with the style it was drawn in. */
    private record Put(int x, String text, ScreenWriter.Style style) {
        // equals and hashCode written out: a record's generated ones link a chain of method
        // handles at their first call, and the first drawing makes that call.
        @Override
        public boolean equals(Object o) {
            return o instanceof Put p && x == p.x && style == p.style && text.equals(p.text);
        }

        @Override
        public int hashCode() {
            return (x * 31 + text.hashCode()) * 31 + System.identityHashCode(style);
        }
    }
    FrameDiff(ScreenWriter writer) {
        this.writer = writer;
    }

    /** Forgets the last frame, so the next one is drawn whole (after a resize, a dialog, a child process). */
    void invalidate() {
        previous = null;
    }

    /** Whether the next frame must be written whole, on a cleared screen. */
    boolean invalidated() {
        return previous == null;
    }

    /** A TextGraphics of this size that records what is drawn on it, for one frame. */
    TextGraphics begin(TerminalSize size) {
        current = new HashMap<>();
        drawnBefore = drawnNow;
        drawnNow = new IdentityHashMap<>();
        return new Recorder(size);
    }

    /**
     * Rows a view may draw as they were drawn at the last frame: a table row of a container that
     * ran nothing is the same object from tick to tick, and formatting its cells again (numbers,
     * widths, styles) was most of a refresh's cost.
     */
    interface Rows {
        /**
         * Draws row {@code y} as {@code key} was drawn at the last frame, in the same
         * {@code layout}; false when it was not drawn then (draw it, then {@link #remember}).
         */
        boolean replay(int y, Object layout, Object key);

        /** Keeps what was drawn on row {@code y} as the drawing of {@code key}, for the next frame. */
        void remember(int y, Object key);
    }

    /**
     * Records strings with their style; drawing cell by cell (lines, rectangles, images) is refused.
     * A class of its own rather than a dynamic proxy, whose class would be generated at run time
     * while the screen waits for its first drawing.
     */
    private final class Recorder extends AbstractTextGraphics implements Rows {
        private final TerminalSize size;

        Recorder(TerminalSize size) {
            this.size = size;
        }

        @Override
        public TextGraphics putString(int column, int row, String text) {
            List<Put> puts = current.get(row);
            if (puts == null) {
                puts = new ArrayList<>();
                current.put(row, puts);
            } else if (!(puts instanceof ArrayList)) {
                puts = new ArrayList<>(puts); // a replayed row drawn over: the kept drawing stays as it was
                current.put(row, puts);
            }
            puts.add(new Put(column, text, writer.style(getForegroundColor(), getBackgroundColor(), getActiveModifiers())));
            return this;
        }

        @Override
        public boolean replay(int y, Object layout, Object key) {
            if (!layout.equals(drawnLayout)) {
                drawnLayout = layout;
                drawnBefore = Map.of();
            }
            List<Put> puts = drawnBefore.get(key);
            if (puts == null) {
                return false;
            }
            current.put(y, puts);
            drawnNow.put(key, puts);
            return true;
        }

        @Override
        public void remember(int y, Object key) {
            List<Put> puts = current.get(y);
            if (puts != null) {
                drawnNow.put(key, List.copyOf(puts));
            }
        }

        @Override
        public TextGraphics setCharacter(int column, int row, TextCharacter character) {
            throw new UnsupportedOperationException("FrameDiff records strings only, not single cells");
        }

        @Override
        public TextCharacter getCharacter(int column, int row) {
            throw new UnsupportedOperationException("FrameDiff records strings only: nothing to read back");
        }

        @Override
        public TerminalSize getSize() {
            return size;
        }
    }

    /**
     * Writes the rows of the recorded frame that changed (all of them after {@link #invalidate}),
     * and blanks rows the last frame drew and this one does not; returns how many rows were looked at.
     */
    int end() throws IOException {
        boolean whole = previous == null;
        if (whole) {
            previous = Map.of();
        }
        int drawn = 0;
        for (Map.Entry<Integer, List<Put>> row : current.entrySet()) {
            if (!whole && Objects.equals(previous.get(row.getKey()), row.getValue())) {
                continue;
            }
            writer.beginRow();
            for (Put p : row.getValue()) {
                writer.put(p.x(), p.text(), p.style());
            }
            writer.endRow(row.getKey());
            drawn++;
        }
        for (Integer y : previous.keySet()) {
            if (!current.containsKey(y)) {
                writer.beginRow();
                writer.endRow(y);
                drawn++;
            }
        }
        writer.flush();
        previous = current;
        current = null;
        return drawn;
    }
}
