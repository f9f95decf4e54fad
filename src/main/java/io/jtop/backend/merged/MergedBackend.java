package io.jtop.backend.merged;

import io.jtop.container.Backend;
import io.jtop.container.Container;
import io.jtop.container.RunRequest;
import io.jtop.container.Runner;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * One list from several backends, merged by container id: a backend that knows a container by
 * name (jtop's own runtime, Docker, Podman) wins over discovery from the cgroup tree, which knows
 * only its path. An engine that lists a running container without its cgroup path or its init
 * process gets them from the cgroup tree's entry of the same id ({@link Container#completedBy});
 * when the two name different init processes the engine's (kept current by its events) wins and
 * the earlier backend is told to look again ({@link Backend#changed}), so it never keeps a pid
 * from before a restart.
 *
 * <p>Actions go to the backend whose entry the list showed ({@link #capability}): the last one that
 * listed the id, the most recent time it was listed. The sampler lists on its thread while the UI acts on its own, so
 * that routing table is synchronized; it keeps ids after they stop being listed (an exited
 * container may still be on screen), the least recently listed dropped beyond {@link #ROUTES}.
 * {@link #run} and {@link #imageNames} go to the first backend that can run containers.
 */
public final class MergedBackend implements Backend, Runner {

    /** Ids whose backend is remembered; far more containers than a host shows at once. */
    public static final int ROUTES = 16_384;

    private final List<Backend> backends;
    private final Map<String, Backend> owners = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Backend> eldest) {
                    return size() > ROUTES;
                }
            });

    /** What went wrong with a backend at the last listing, one line each; the others were still listed. */
    private volatile Set<String> problems = Set.of();
    /** How each backend was at the last listing, for the header; see {@link #statuses}. */
    private volatile List<String> statuses = List.of();

    private final String name;

    private Consumer<List<Container>> beforeWaiting;

    /** How many containers the last listing had; only the listing thread uses it. */
    private int lastSize;

    /** Last listing's completions, by id; only the listing thread uses it. */
    private Map<String, Completion> completions = Map.of();

    /** @param backends most knowing last: later ones replace earlier ones' entries of the same id */
    public MergedBackend(List<Backend> backends) {
        this.backends = List.copyOf(backends);
        StringJoiner names = new StringJoiner("+");
        for (Backend b : this.backends) {
            names.add(b.name());
        }
        this.name = names.toString(); // the backends are fixed, and the header asks every tick
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Container> list(boolean all) {
        // The most knowing backend first, so the others may skip what it already knows (discovery
        // then need not look up the processes of jtop's own containers); then merged in the
        // backends' order, later ones replacing earlier ones' entries of the same id.
        List<List<Container>> lists = new ArrayList<>(Collections.nCopies(backends.size(), List.of()));
        int room = lastSize * 2 + 16; // sized from the last listing: no table grows as it fills
        Map<String, Container> listed = new LinkedHashMap<>(room);
        Set<String> failed = new LinkedHashSet<>();
        String[] wrong = new String[backends.size()];
        // Those that may wait for another process's answer come last, so that the others' work
        // overlaps the wait.
        List<Integer> order = new ArrayList<>(backends.size());
        for (int pass = 0; pass < 2; pass++) {
            for (int i = backends.size() - 1; i >= 0; i--) {
                if (backends.get(i).mayWait() == (pass == 1)) {
                    order.add(i);
                }
            }
        }
        boolean told = false;
        for (int i : order) {
            Backend b = backends.get(i);
            if (!told && b.mayWait() && beforeWaiting != null) {
                told = true;
                beforeWaiting.accept(List.copyOf(listed.values()));
            }
            try {
                List<Container> l = b.list(all, Collections.unmodifiableMap(listed));
                lists.set(i, l);
                for (Container c : l) {
                    listed.putIfAbsent(c.id(), c);
                }
            } catch (RuntimeException e) {
                failed.add(b.name() + ": " + e.getMessage());
                wrong[i] = e.getMessage();
            }
            String status = b.status();
            if (status != null) {
                failed.add(b.name() + ": " + status);
                wrong[i] = wrong[i] == null ? status : wrong[i] + "; " + status;
            }
        }
        statuses = statuses(wrong);
        Map<String, Container> byId = new LinkedHashMap<>(room);
        Map<String, Backend> listedBy = new LinkedHashMap<>(room);
        Map<String, Completion> completed = new HashMap<>(room);
        for (int i = 0; i < backends.size(); i++) {
            for (Container c : lists.get(i)) {
                Container before = byId.get(c.id());
                if (before != null) {
                    if (before.pid() > 0 && c.pid() > 0 && before.pid() != c.pid()) {
                        listedBy.get(c.id()).changed(before);
                    }
                    Completion last = completions.get(c.id());
                    if (last == null || last.entry() != c || last.by() != before) {
                        last = new Completion(c, before, c.completedBy(before));
                    }
                    completed.put(c.id(), last);
                    c = last.result();
                }
                byId.put(c.id(), c);
                listedBy.put(c.id(), backends.get(i));
            }
        }
        completions = completed;
        lastSize = byId.size();
        problems = failed; // a backend that recovers stops being reported
        owners.putAll(listedBy);
        return new ArrayList<>(byId.values());
    }

    /**
     * An entry completed by another backend's entry of the same container (an engine's by
     * discovery's cgroup), kept while both stay the same objects: the sampler reuses the row of
     * an idle container only while its entry is the same object from tick to tick.
     */
    private record Completion(Container entry, Container by, Container result) {
    }

    /**
     * Told what the backends that answer at once listed, before one that may wait for another
     * process is asked: a command gets its sampling ready meanwhile.
     */
    public void beforeWaiting(Consumer<List<Container>> listener) {
        this.beforeWaiting = listener;
    }

    /** What went wrong at the last listing, one line per failed backend. */
    public Set<String> problems() {
        return problems;
    }

    /**
     * How each backend was at the last listing, for the header: those that are all right together
     * ({@code cgroups+jtop ok}), then each absent one ({@code podman not running}: no socket) and
     * each failing one with what is wrong ({@code docker: reconnecting (…)}).
     */
    public List<String> statuses() {
        return statuses;
    }

    private List<String> statuses(String[] wrong) {
        StringJoiner ok = new StringJoiner("+", "", " ok");
        ok.setEmptyValue("");
        List<String> others = new ArrayList<>();
        for (int i = 0; i < backends.size(); i++) {
            Backend b = backends.get(i);
            if (wrong[i] != null) {
                others.add(b.name() + ": " + wrong[i]);
            } else if (!b.present()) {
                others.add(b.name() + " not running");
            } else {
                ok.add(b.name());
            }
        }
        List<String> out = new ArrayList<>();
        if (ok.length() > 0) {
            out.add(ok.toString());
        }
        out.addAll(others);
        return out;
    }

    @Override
    public void changed(Container c) {
        backends.forEach(b -> b.changed(c));
    }

    @Override
    public void onChange(Runnable listener) {
        backends.forEach(b -> b.onChange(listener));
    }

    @Override
    public void close() {
        backends.forEach(Backend::close);
    }

    @Override
    public void firstFrameShown() {
        backends.forEach(Backend::firstFrameShown);
    }

    /** The backend that listed {@code c} last. */
    private Backend owner(Container c) {
        Backend b = owners.get(c.id());
        if (b == null) {
            throw new IllegalStateException(c.displayName() + " is not listed by any backend (any more)");
        }
        return b;
    }

    /** The first backend that runs containers, or null. */
    private Backend runner() {
        for (Backend b : backends) {
            if (b.capability(null, Runner.class).isPresent()) {
                return b;
            }
        }
        return null;
    }

    /**
     * What the backend that listed {@code c} can do to it; with no container, running one, which
     * this list does through the first backend that can ({@link #run}).
     */
    @Override
    public <T> Optional<T> capability(Container c, Class<T> type) {
        if (c == null) {
            return type == Runner.class && runner() != null ? Optional.of(type.cast(this)) : Optional.empty();
        }
        return owner(c).capability(c, type);
    }

    /** Refused as the backend that listed {@code c} says it. */
    @Override
    public UnsupportedOperationException refusal(Container c, String what) {
        return c == null ? Backend.super.refusal(null, what) : owner(c).refusal(c, what);
    }

    @Override
    public List<String> imageNames() throws IOException {
        Backend r = runner();
        return r == null ? List.of() : r.require(null, Runner.class, "run").imageNames();
    }

    /** Runs on the first backend that can; the new container's actions go there before it is listed. */
    @Override
    public Container run(RunRequest request) throws IOException {
        Backend r = runner();
        if (r == null) {
            throw refusal(null, "run");
        }
        Container c = r.require(null, Runner.class, "run").run(request);
        owners.put(c.id(), r);
        return c;
    }
}
