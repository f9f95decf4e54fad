package io.jtop.cli;

import io.jtop.ui.Format;
import io.jtop.container.Container;
import io.jtop.container.Lookup;

import java.io.PrintWriter;
import java.util.List;

/** Finds one container of any backend from what a user typed: full id, name, or a unique id prefix. */
final class Resolver {

    private Resolver() {
    }

    /**
     * One container of the host's merged list (exited ones too); when none matches, what went
     * wrong with the backends is said first (a container of an engine that did not answer cannot
     * be found), and that jtop's own containers cannot be named by a user who may not read their store.
     *
     * @throws Lookup.NoMatch with the one-line message the user sees
     */
    static Container resolve(Host host, String query, PrintWriter err) {
        try {
            return resolve(host.backend.list(true), query);
        } catch (Lookup.NoMatch e) {
            Output.backendProblems(err, host);
            if (host.local != null && host.local.storeDenied()) {
                throw new Lookup.NoMatch(e.getMessage() + " (jtop's own containers are named only to root: its store "
                        + host.local.root() + " is readable by root alone)");
            }
            throw e;
        }
    }

    /** @throws Lookup.NoMatch with the one-line message the user sees */
    static Container resolve(List<Container> containers, String query) {
        return Lookup.one(containers, query, Container::id, Container::name,
                c -> c.shortId() + "  " + Format.text(c.name()) + "  " + c.runtime().label());
    }
}
