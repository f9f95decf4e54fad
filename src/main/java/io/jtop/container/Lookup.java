package io.jtop.container;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Finds one item from what a user typed: its full id, its name, or a unique prefix of its id. */
public final class Lookup {

    /** Nothing, or more than one thing, matches; the message is the one line (plus matches) the user sees. */
    public static final class NoMatch extends IllegalArgumentException {
        private final List<String> lines;

        public NoMatch(String message) {
            this(message, List.of());
        }

        /** @param matches one line per match, listed under the message */
        public NoMatch(String message, List<String> matches) {
            super(matches.isEmpty() ? message : message + "\n  " + String.join("\n  ", matches));
            List<String> all = new ArrayList<>(List.of(message));
            matches.forEach(m -> all.add("  " + m));
            this.lines = List.copyOf(all);
        }

        /** The message, then one line per match: each a line of its own, whatever text it holds. */
        public List<String> lines() {
            return lines;
        }
    }

    private Lookup() {
    }

    /**
     * The item whose id or name equals {@code query}, else the one whose id starts with it.
     *
     * @param describe one line per match, listed when the query is ambiguous
     * @throws NoMatch with {@code no container matches 'x'}, or the list of matches
     */
    public static <T> T one(List<T> items, String query, Function<T, String> id, Function<T, String> name,
                            Function<T, String> describe) {
        if (query == null || query.isEmpty()) {
            throw new NoMatch("no container given");
        }
        List<T> byName = new ArrayList<>();
        List<T> byPrefix = new ArrayList<>();
        for (T t : items) {
            if (id.apply(t).equals(query)) {
                return t;
            }
            if (query.equals(name.apply(t))) {
                byName.add(t);
            }
            if (id.apply(t).startsWith(query)) {
                byPrefix.add(t);
            }
        }
        if (byName.size() == 1) {
            return byName.get(0);
        }
        List<T> matches = byName.size() > 1 ? byName : byPrefix;
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            throw new NoMatch("no container matches '" + query + "'");
        }
        List<String> lines = new ArrayList<>();
        for (T t : matches) {
            lines.add(describe.apply(t));
        }
        throw new NoMatch("'" + query + "' matches " + matches.size() + " containers:", lines);
    }
}
