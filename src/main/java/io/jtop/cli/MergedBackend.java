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
        return "merged";
    }

    @Override
    public List<Container> list(boolean all) {
        Map<String, Container> byId = new LinkedHashMap<>();
        for (Backend b : backends) {
            for (Container c : b.list(all)) {
                byId.put(c.id(), c);
            }
        }
        return new ArrayList<>(byId.values());
    }

    @Override
    public void changed(Container c) {
        backends.forEach(b -> b.changed(c));
    }
}
