package io.jtop.ui;

import com.googlecode.lanterna.input.KeyStroke;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which key does what. The defaults follow top and htop ({@code k} kills, F10 quits); the config
 * file replaces an action's keys as a whole ({@code kill = F9, x}). A key bound to two actions is
 * an error, never a silent winner.
 */
public final class Keymap {

    private final Map<String, Action> byKey;
    private final Map<Action, List<String>> keys;

    private Keymap(Map<Action, List<String>> keys) {
        Map<String, Action> by = new HashMap<>();
        for (Map.Entry<Action, List<String>> e : keys.entrySet()) {
            for (String k : e.getValue()) {
                Action before = by.put(k, e.getKey());
                if (before != null && before != e.getKey()) {
                    throw new IllegalArgumentException("key " + k + " is bound to both " + before.configName()
                            + " and " + e.getKey().configName());
                }
            }
        }
        this.byKey = Map.copyOf(by);
        this.keys = Collections.unmodifiableMap(keys);
    }

    /** The default bindings. */
    public static Keymap defaults() {
        return with(Map.of());
    }

    /** The defaults with some actions' keys replaced (names as written; see {@link KeyNames#canonical}). */
    public static Keymap with(Map<Action, List<String>> overrides) {
        Map<Action, List<String>> keys = new EnumMap<>(Action.class);
        for (Action a : Action.values()) {
            List<String> written = overrides.getOrDefault(a, a.defaults());
            List<String> canonical = new ArrayList<>();
            for (String w : written) {
                canonical.add(KeyNames.canonical(w));
            }
            keys.put(a, List.copyOf(canonical));
        }
        return new Keymap(keys);
    }

    /** The action of a keystroke, or null. */
    public Action action(KeyStroke k) {
        String name = KeyNames.of(k);
        return name == null ? null : byKey.get(name);
    }

    /** The action bound to a key name, or null. */
    public Action action(String keyName) {
        return byKey.get(keyName);
    }

    /** The keys of an action, in the order they were given; may be empty (unbound). */
    public List<String> keys(Action a) {
        return keys.get(a);
    }

    /** The keys of an action for the help screen and hints, e.g. {@code k/F9}; {@code (unbound)} if none. */
    public String describe(Action a) {
        List<String> k = keys.get(a);
        return k.isEmpty() ? "(unbound)" : String.join("/", k);
    }
}
