package io.jtop.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The user's settings from {@code $XDG_CONFIG_HOME/jtop/config} (default {@code ~/.config/jtop/config}):
 * {@code key = value} lines, {@code #} comments. Settings: {@code theme}, {@code interval} (seconds),
 * {@code graphs} ({@code braille} or {@code block}), and one line per remapped action, e.g.
 * {@code kill = F9, x} or {@code up = Up, k}. Strict: a line jtop does not understand is an error
 * naming the file and line, so a typo never silently does nothing.
 *
 * @param theme          theme name or file, or null for the default
 * @param intervalMillis refresh interval, or null for the default
 * @param braille        whether graphs use braille dots (else block characters)
 * @param keymap         the key bindings
 */
public record UiConfig(String theme, Long intervalMillis, boolean braille, Keymap keymap) {

    public static UiConfig defaults() {
        return new UiConfig(null, null, true, Keymap.defaults());
    }

    /** Where the config file is for this environment. */
    public static Path location(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return base.resolve("jtop").resolve("config");
    }

    /** Reads the file, or the defaults when there is none. */
    public static UiConfig load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return defaults();
        }
        return parse(file.toString(), Files.readString(file));
    }

    public static UiConfig parse(String name, String text) {
        String theme = null;
        Long interval = null;
        boolean braille = true;
        Map<Action, List<String>> keys = new EnumMap<>(Action.class);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = name + ":" + (i + 1) + ": ";
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(where + "expected 'setting = value', got '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            try {
                switch (key) {
                    case "theme" -> theme = value;
                    case "interval" -> interval = Intervals.parseMillis(value);
                    case "graphs" -> braille = switch (value) {
                        case "braille" -> true;
                        case "block" -> false;
                        default -> throw new IllegalArgumentException("graphs is braille or block, not '" + value + "'");
                    };
                    default -> keys.put(action(key), keyList(value));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage());
            }
        }
        try {
            return new UiConfig(theme, interval, braille, Keymap.with(keys));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }

    private static Action action(String key) {
        for (Action a : Action.values()) {
            if (a.configName().equals(key)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown setting '" + key + "' (theme, interval, graphs, or an action: "
                + String.join(", ", Arrays.stream(Action.values()).map(Action::configName).toList()) + ")");
    }

    private static List<String> keyList(String value) {
        List<String> out = new ArrayList<>();
        if (value.isEmpty() || value.equals("none")) {
            return out;
        }
        // "," itself can be bound by writing it alone; otherwise commas separate keys.
        if (value.equals(",")) {
            return List.of(",");
        }
        for (String k : value.split("\\s*,\\s*")) {
            out.add(KeyNames.canonical(k));
        }
        return out;
    }
}
