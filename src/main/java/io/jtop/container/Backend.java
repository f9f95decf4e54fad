package io.jtop.container;

import java.util.List;

/**
 * A source of containers and the actions it can take on them. Discovery from the cgroup tree is a
 * read-only backend; jtop's own runtime, Docker and Podman add actions in later work.
 */
public interface Backend {

    /** Short name for status lines, e.g. {@code cgroups} or {@code docker}. */
    String name();

    /**
     * The containers this backend knows: running and paused ones, and with {@code all} also
     * created and exited ones where the backend keeps them.
     */
    List<Container> list(boolean all);

    /**
     * A hint that a container may have changed in ways a backend that caches would miss: an
     * action was taken on it, or its cgroup emptied. The next {@link #list} looks again.
     */
    default void changed(Container c) {
    }
}
