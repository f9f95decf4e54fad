package io.jtop.cli;

import io.jtop.ui.Format;
import io.jtop.container.Container;
import io.jtop.container.Lookup;

import java.util.List;

/** Finds one container of any backend from what a user typed: full id, name, or a unique id prefix. */
final class Resolver {

    private Resolver() {
    }

    /** @throws Lookup.NoMatch with the one-line message the user sees */
    static Container resolve(List<Container> containers, String query) {
        return Lookup.one(containers, query, Container::id, Container::name,
                c -> c.shortId() + "  " + Format.text(c.name()) + "  " + c.runtime().label());
    }
}
