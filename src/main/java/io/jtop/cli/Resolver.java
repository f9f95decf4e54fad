package io.jtop.cli;

import io.jtop.container.Container;

import java.util.ArrayList;
import java.util.List;

/** Finds one container from what a user typed: full id, name, or a unique id prefix. */
final class Resolver {

    /** Thrown with the one-line message the user sees. */
    static final class NoMatch extends RuntimeException {
        NoMatch(String message) {
            super(message);
        }
    }

    private Resolver() {
    }

    static Container resolve(List<Container> containers, String query) {
        if (query == null || query.isEmpty()) {
            throw new NoMatch("no container given");
        }
        for (Container c : containers) {
            if (c.id().equals(query)) {
                return c;
            }
        }
        List<Container> byName = new ArrayList<>();
        for (Container c : containers) {
            if (query.equals(c.name())) {
                byName.add(c);
            }
        }
        if (byName.size() == 1) {
            return byName.get(0);
        }
        List<Container> byPrefix = new ArrayList<>();
        for (Container c : containers) {
            if (c.id().startsWith(query)) {
                byPrefix.add(c);
            }
        }
        List<Container> matches = byName.size() > 1 ? byName : byPrefix;
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            throw new NoMatch("no container matches '" + query + "'");
        }
        StringBuilder b = new StringBuilder("'" + query + "' matches " + matches.size() + " containers:");
        for (Container c : matches) {
            b.append("\n  ").append(c.shortId()).append("  ").append(Format.text(c.name()))
                    .append("  ").append(c.runtime().label());
        }
        throw new NoMatch(b.toString());
    }
}
