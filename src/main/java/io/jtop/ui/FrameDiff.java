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
 * onto the screen (which then writes only the cells that changed to the terminal).
 *
 * <p>The recorder is a TextGraphics that supports what jtop's views use: strings and their style.
 * UI thread only.
 */
final class FrameDiff {

    /** One {@code putString} with the style it was drawn in. */
    private record Put(int x, String text, TextColor fg, TextColor bg, EnumSet<SGR> sgr) {
    }

    private Map<Integer, List<Put>> previous = new HashMap<>();
    private Map<Integer, List<Put>> current;
    private final StyleSet.Set style = new StyleSet.Set();

    /** Forgets the last frame, so the next one is drawn whole (after a resize, a dialog, a child process). */
    void invalidate() {
        previous = new HashMap<>();
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
                                        style.getForegroundColor(), style.getBackgroundColor(),
                                        EnumSet.copyOf(style.getActiveModifiers())));
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

    /** Draws the rows of the recorded frame that changed (all of them when {@code whole}); returns how many. */
    int end(TextGraphics screen, boolean whole) {
        int drawn = 0;
        for (Map.Entry<Integer, List<Put>> row : current.entrySet()) {
            if (!whole && Objects.equals(previous.get(row.getKey()), row.getValue())) {
                continue;
            }
            for (Put p : row.getValue()) {
                screen.setForegroundColor(p.fg()).setBackgroundColor(p.bg()).setModifiers(p.sgr());
                screen.putString(p.x(), row.getKey(), p.text());
            }
            drawn++;
        }
        previous = current;
        current = null;
        return drawn;
    }
}
