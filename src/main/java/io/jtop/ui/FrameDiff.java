package io.jtop.ui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.StyleSet;
import com.googlecode.lanterna.graphics.TextGraphics;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Draws a frame row by row, and only the rows that differ from the last frame. The views draw the
 * whole frame at every refresh, which keeps them simple; but each character Lanterna puts on its
 * back buffer costs a Unicode-block lookup, and at 160×48 that made drawing the largest part of
 * the UI's idle CPU. So views draw into a recorder, and only rows whose calls changed are replayed
 * by the {@link ScreenWriter} (which then writes only the cells that changed to the terminal).
 *
 * <p>The recorder is a TextGraphics that supports what jtop's views use: strings and their style.
 * UI thread only.
 */
final class FrameDiff {

    /** One {@code putString} with the style it was drawn in. */
    private record Put(int x, String text, ScreenWriter.Style style) {
    }

    private final ScreenWriter writer;

    /** The rows of the last frame written; null when the next must be written whole on a cleared screen. */
    private Map<Integer, List<Put>> previous;
    private Map<Integer, List<Put>> current;
    private final StyleSet.Set style = new StyleSet.Set();

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
        style.setForegroundColor(TextColor.ANSI.DEFAULT);
        style.setBackgroundColor(TextColor.ANSI.DEFAULT);
        style.setModifiers(EnumSet.noneOf(SGR.class));
        return (TextGraphics) Proxy.newProxyInstance(TextGraphics.class.getClassLoader(),
                new Class<?>[] {TextGraphics.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "putString":
                            if (args.length == 3 && args[0] instanceof Integer x && args[1] instanceof Integer y) {
                                current.computeIfAbsent(y, k -> new ArrayList<>()).add(new Put(x, (String) args[2],
                                        writer.style(style.getForegroundColor(), style.getBackgroundColor(),
                                                style.getActiveModifiers())));
                                return proxy;
                            }
                            break;
                        case "setForegroundColor":
                            style.setForegroundColor((TextColor) args[0]);
                            return proxy;
                        case "setBackgroundColor":
                            style.setBackgroundColor((TextColor) args[0]);
                            return proxy;
                        case "setModifiers":
                            style.setModifiers((EnumSet<SGR>) args[0]);
                            return proxy;
                        case "enableModifiers":
                            style.enableModifiers((SGR[]) args[0]);
                            return proxy;
                        case "disableModifiers":
                            style.disableModifiers((SGR[]) args[0]);
                            return proxy;
                        case "clearModifiers":
                            style.clearModifiers();
                            return proxy;
                        case "setStyleFrom":
                            style.setStyleFrom((StyleSet<?>) args[0]);
                            return proxy;
                        case "getForegroundColor":
                            return style.getForegroundColor();
                        case "getBackgroundColor":
                            return style.getBackgroundColor();
                        case "getActiveModifiers":
                            return style.getActiveModifiers();
                        case "getSize":
                            return size;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        case "toString":
                            return "FrameDiff recorder " + size;
                        default:
                            break;
                    }
                    throw new UnsupportedOperationException("FrameDiff does not record " + m);
                });
    }

    /**
     * Writes the rows of the recorded frame that changed (all of them after {@link #invalidate}),
     * and blanks rows the last frame drew and this one does not; returns how many rows were looked at.
     */
    int end() throws java.io.IOException {
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
