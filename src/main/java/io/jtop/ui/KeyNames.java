package io.jtop.ui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

import java.util.Locale;
import java.util.Map;

/**
 * Names of keys as the config file and the help screen write them: a character ({@code k},
 * {@code ?}, {@code <}), a named key ({@code Enter}, {@code Esc}, {@code PgUp}, {@code F1} …
 * {@code F12}, {@code Space}), or Ctrl/Alt with a character ({@code C-c}, {@code M-x}).
 */
public final class KeyNames {

    private static final Map<KeyType, String> NAMED = Map.ofEntries(
            Map.entry(KeyType.ArrowUp, "Up"), Map.entry(KeyType.ArrowDown, "Down"),
            Map.entry(KeyType.ArrowLeft, "Left"), Map.entry(KeyType.ArrowRight, "Right"),
            Map.entry(KeyType.PageUp, "PgUp"), Map.entry(KeyType.PageDown, "PgDn"),
            Map.entry(KeyType.Home, "Home"), Map.entry(KeyType.End, "End"),
            Map.entry(KeyType.Enter, "Enter"), Map.entry(KeyType.Escape, "Esc"),
            Map.entry(KeyType.Delete, "Delete"), Map.entry(KeyType.Insert, "Insert"),
            Map.entry(KeyType.Backspace, "Backspace"), Map.entry(KeyType.Tab, "Tab"),
            Map.entry(KeyType.ReverseTab, "S-Tab"),
            Map.entry(KeyType.F1, "F1"), Map.entry(KeyType.F2, "F2"), Map.entry(KeyType.F3, "F3"),
            Map.entry(KeyType.F4, "F4"), Map.entry(KeyType.F5, "F5"), Map.entry(KeyType.F6, "F6"),
            Map.entry(KeyType.F7, "F7"), Map.entry(KeyType.F8, "F8"), Map.entry(KeyType.F9, "F9"),
            Map.entry(KeyType.F10, "F10"), Map.entry(KeyType.F11, "F11"), Map.entry(KeyType.F12, "F12"));

    private KeyNames() {
    }

    /** The canonical name of a keystroke, or null for one jtop does not bind (mouse, cursor reports). */
    public static String of(KeyStroke k) {
        if (k.getKeyType() == KeyType.Character) {
            char c = k.getCharacter();
            String base = c == ' ' ? "Space" : String.valueOf(c);
            if (k.isCtrlDown()) {
                return "C-" + Character.toLowerCase(c);
            }
            return k.isAltDown() ? "M-" + base : base;
        }
        String name = NAMED.get(k.getKeyType());
        if (name == null) {
            return null;
        }
        return k.isAltDown() && !name.startsWith("S-") ? "M-" + name : name;
    }

    /**
     * The canonical spelling of a name a user wrote, case-insensitive for named keys
     * ({@code pgup}, {@code ESC}, {@code f9}); characters keep their case. Throws
     * IllegalArgumentException for a name that is no key.
     */
    public static String canonical(String written) {
        String w = written.trim();
        if (w.length() == 1) {
            return w;
        }
        for (String n : NAMED.values()) {
            if (n.equalsIgnoreCase(w)) {
                return n;
            }
        }
        String lower = w.toLowerCase(Locale.ROOT);
        if (lower.equals("space")) {
            return "Space";
        }
        if (lower.equals("escape")) {
            return "Esc";
        }
        if (lower.equals("pageup")) {
            return "PgUp";
        }
        if (lower.equals("pagedown")) {
            return "PgDn";
        }
        if (lower.equals("del")) {
            return "Delete";
        }
        if ((lower.startsWith("c-") || lower.startsWith("ctrl-")) && w.length() == w.indexOf('-') + 2) {
            return "C-" + Character.toLowerCase(w.charAt(w.length() - 1));
        }
        if (lower.startsWith("m-") || lower.startsWith("alt-")) {
            return "M-" + canonical(w.substring(w.indexOf('-') + 1));
        }
        throw new IllegalArgumentException("'" + written + "' is not a key (write e.g. k, K, F9, Enter, Esc, PgUp, C-x)");
    }
}
