package io.jtop.cli;

import io.jtop.container.Backend;
import io.jtop.container.Container;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One list from several backends, merged by container id: a backend that knows a container by
 * name (jtop's own runtime) wins over discovery from the cgroup tree, which knows only its path.
 */
final class MergedBackend implements Backend {

    private final List<Backend> backends;

    /** @param backends most knowing last: later ones replace earlier ones' entries of the same id */
    MergedBackend(List<Backend> backends) {
        this.backends = List.copyOf(backends);
    }

    @Override
    public String name() {
        return String.join("+", backends.stream().map(Backend::name).toList());
    }

    /** What went wrong with a backend at the last listing, one line each; the others were still listed. */
    private final java.util.Set<String> problems = new java.util.LinkedHashSet<>();

    @Override
    public List<Container> list(boolean all) {
        Map<String, Container> byId = new LinkedHashMap<>();
        for (Backend b : backends) {
            try {
                for (Container c : b.list(all)) {
                    byId.put(c.id(), c);
                }
            } catch (RuntimeException e) {
                problems.add(b.name() + ": " + e.getMessage());
            }
        }
        return new ArrayList<>(byId.values());
    }

    /** Problems seen so far (each once), for a one-line notice. */
    java.util.Set<String> problems() {
        return problems;
    }

    @Override
    public void changed(Container c) {
        backends.forEach(b -> b.changed(c));
    }
}
