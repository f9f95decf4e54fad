package io.jtop.backend.discovery;

import io.jtop.container.Backend;
import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Killable;
import io.jtop.container.Runtime;
import io.jtop.linux.cgroup.Cgroup;
import io.jtop.linux.proc.ProcFs;
import io.jtop.linux.proc.ProcStat;
import io.jtop.linux.sys.Signals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds every running container on the host, whatever started it, by walking the cgroup tree and
 * classifying each path ({@link CgroupPathClassifier}). Read-only but for {@link #kill}: it is
 * {@link Killable} and nothing more, for it knows no names beyond what the path says, images only
 * where the host tells one ({@link HostImages}, asked when a container is first described),
 * nothing of exited containers, and no runtime's way to stop, pause or remove them; a signal to
 * the init process needs none.
 *
 * <p>Every call walks the tree, so a new container is seen at once. A known container's init
 * process is checked again (still there, same start time) every {@code recheckEvery} calls,
 * staggered so that each call rechecks an equal share, or at once after {@link #changed}; its
 * processes are listed again only when its init has gone. The freezer state is read when a
 * container is first seen; the sampler keeps it current. Confined to one thread.
 */
public final class CgroupDiscovery implements Backend, Killable {

    private final Cgroup cgroup;
    private final ProcFs proc;
    private final HostImages images;
    private final int recheckEvery;
    private Map<String, Known> known = new HashMap<>();
    private long calls;
    private int nextPhase;
    private boolean relist = true;
    private List<Container> last;
    /** Ids other backends listed at the last call. */
    private Set<String> claimed = Set.of();
    /**
     * Classification of the paths seen: a walk visits the same paths tick after tick. The least
     * recently used is dropped beyond {@link #CLASSIFIED}. A map, not Caffeine: this class is
     * confined to one thread, and loading Caffeine (and the java.util.logging it starts) would
     * come before the UI's first frame.
     */
    private final Map<String, CgroupPathClassifier.Match> classified = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CgroupPathClassifier.Match> eldest) {
            return size() > CLASSIFIED;
        }
    };
    private static final int CLASSIFIED = 16_384;
    private static final CgroupPathClassifier.Match NOT_A_CONTAINER =
            new CgroupPathClassifier.Match(Runtime.UNKNOWN, "", null);
    private static final Function<String, CgroupPathClassifier.Match> CLASSIFY = p -> {
        CgroupPathClassifier.Match m = CgroupPathClassifier.classify(p);
        return m == null ? NOT_A_CONTAINER : m;
    };

    /** What was learnt of a container's cgroup, the container as last described, and when to look again. */
    private record Known(ProcStat init, Boolean frozen, int phase, Container container) {
    }

    /** Discovery that rechecks every container on every call. */
    public CgroupDiscovery(Cgroup cgroup, ProcFs proc) {
        this(cgroup, proc, 1);
    }

    public CgroupDiscovery(Cgroup cgroup, ProcFs proc, int recheckEvery) {
        this.cgroup = cgroup;
        this.proc = proc;
        this.images = new HostImages(proc);
        this.recheckEvery = Math.max(1, recheckEvery);
    }

    @Override
    public String name() {
        return "cgroups";
    }

    /** What this backend cannot do is everything but a signal: say so, and what still works. */
    @Override
    public UnsupportedOperationException refusal(Container c, String what) {
        if (c == null) {
            return Backend.super.refusal(null, what);
        }
        return new UnsupportedOperationException(c.displayName() + " is only seen in the cgroup tree (no " + c.runtime().label()
                + " backend here knows it): it cannot be " + what + " from jtop; a signal (kill) still reaches it");
    }

    @Override
    public List<Container> list(boolean all) {
        return list(all, Map.of());
    }

    /**
     * Containers that another backend listed with their cgroup are not looked up (their processes
     * and init are what costs here) and not listed again; the walk still passes them.
     */
    @Override
    public List<Container> list(boolean all, Map<String, Container> listedElsewhere) {
        Set<String> claimed = new HashSet<>(listedElsewhere.size() * 2);
        for (Container c : listedElsewhere.values()) {
            if (c.cgroup() != null) {
                claimed.add(c.id());
            }
        }
        if (!claimed.equals(this.claimed)) {
            relist = true; // one no longer claimed must be looked up now
            this.claimed = claimed;
        }
        long call = calls++;
        if (!relist && recheckEvery > 1 && last != null && cgroup.unchangedSinceLastWalk() && initsStillRun(call)) {
            return last; // no directory changed and every init due for a recheck still runs
        }
        List<Container> out = new ArrayList<>(known.size() + 8);
        Set<String> seen = new HashSet<>();
        Map<String, Known> next = new HashMap<>(known.size() * 2 + 16);
        boolean fresh = relist || recheckEvery == 1;
        relist = false;
        cgroup.walk(path -> {
            if (claimed.contains(path.substring(path.lastIndexOf('/') + 1))) {
                return false; // named by the id of a container listed elsewhere (jtop's own): it is that one's
            }
            CgroupPathClassifier.Match m = classified.computeIfAbsent(path, CLASSIFY);
            if (m == NOT_A_CONTAINER) {
                return true;
            }
            if (seen.add(m.id()) && !claimed.contains(m.id())) {
                Known k = known.get(path);
                if (k == null) {
                    k = look(path, m, nextPhase++, null);
                } else if ((call + k.phase()) % recheckEvery == 0 && !initStillRuns(k.init())) {
                    k = look(path, m, k.phase(), k.frozen());
                }
                if (k != null) {
                    next.put(path, k);
                    out.add(k.container());
                }
            }
            return false; // a container's sub-cgroups belong to it
        }, fresh);
        known = next;
        last = List.copyOf(out);
        return last;
    }

    /** Rechecks the inits due at this call; false as soon as one has gone. */
    private boolean initsStillRun(long call) {
        for (Known k : known.values()) {
            if ((call + k.phase()) % recheckEvery == 0 && !initStillRuns(k.init())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void changed(Container c) {
        if (c.cgroup() != null) {
            known.remove(c.cgroup());
        }
        relist = true; // something went away: look at every directory again
    }

    /** Reads a container cgroup's processes (and its freezer, if not known); null when it holds no process. */
    private Known look(String path, CgroupPathClassifier.Match m, int phase, Boolean frozen) {
        ProcStat init = initProcess(cgroup.procs(path), m.runtime());
        if (init == null) {
            return null;
        }
        proc.stat(init.pid()); // keep its stat open: it is rechecked from now on
        Boolean f = frozen != null ? frozen : cgroup.frozen(path);
        return new Known(init, f, phase, describe(path, m, init, f));
    }

    /** Whether the same process (pid and start time) still runs. */
    private boolean initStillRuns(ProcStat init) {
        ProcStat now = proc.stat(init.pid());
        return now != null && now.startTimeTicks() == init.startTimeTicks();
    }

    private Container describe(String path, CgroupPathClassifier.Match m, ProcStat init, Boolean frozen) {
        return new Container(m.id(), m.name(), m.runtime(), images.image(m.runtime(), m.name(), init), init.pid(),
                Boolean.TRUE.equals(frozen) ? ContainerState.PAUSED : ContainerState.RUNNING,
                path, proc.startedAt(init.startTimeTicks()), null, false);
    }

    /**
     * Signals the container's init, if it is still the process listed: same pid and the same start
     * time, which {@link ProcFs#startedAt} turns into {@link Container#startedAt} exactly as when
     * it was listed. The signal then goes through a pidfd held to the ticks read here, so a pid
     * recycled in between is not hit either.
     */
    @Override
    public void kill(Container c, String signal) throws IOException {
        int number = Signals.parse(signal);
        if (c.pid() <= 0) {
            throw exited(c);
        }
        if (c.startedAt() == null) {
            // A listing that cannot tell its process from a later one with the same pid is never signalled.
            throw processChanged(c);
        }
        if (c.cgroup() != null && Boolean.TRUE.equals(cgroup.frozen(c.cgroup())) && cgroup.signalWaitsForThaw(number)) {
            throw frozen(c);
        }
        try {
            // The one start-time check, made once the pidfd holds the process.
            Signals.send(c.pid(), ticks -> c.startedAt().equals(proc.startedAt(ticks)), number, proc.dir());
        } catch (Signals.ProcessChangedException e) {
            throw processChanged(c);
        } catch (Signals.ProcessGoneException e) {
            throw exited(c);
        }
    }

    /**
     * A frozen container of a runtime jtop does not know: a signal would wait, unseen, until
     * something thaws it. jtop does not thaw it: its runtime froze it for a reason of its own (a
     * checkpoint, a pause it keeps in its state), which thawing behind its back would break; so
     * nothing is sent, and the user is told what would have happened and what to do.
     */
    private static IllegalStateException frozen(Container c) {
        return new IllegalStateException(c.displayName() + " is frozen (paused by its runtime or by hand): a signal "
                + "would only reach it once it is thawed, so none was sent; jtop does not thaw a container it only sees "
                + "in the cgroup tree: unpause it with its runtime first");
    }

    private static IllegalStateException exited(Container c) {
        return new IllegalStateException(c.displayName() + " has exited");
    }

    /**
     * The container's init: among its processes, one whose parent is outside the cgroup, the
     * earliest started (ties: lowest pid). Processes that exit while we look are skipped. nspawn
     * run with {@code --keep-unit} stays in the cgroup it was started in, beside its machine: on
     * cgroup v1 in every resource controller (it moves the machine apart only in systemd's own
     * hierarchy), under {@code machinectl} in its service's {@code supervisor}; so for an nspawn
     * machine nspawn's own process counts as outside, and its child is the init.
     */
    ProcStat initProcess(List<Integer> pids, Runtime runtime) {
        Map<Integer, ProcStat> stats = new HashMap<>();
        for (int pid : pids) {
            ProcStat s = proc.statOnce(pid);
            if (s != null && !(runtime == Runtime.NSPAWN && HostImages.NSPAWN.equals(s.comm()))) {
                stats.put(pid, s);
            }
        }
        ProcStat best = null;
        for (ProcStat s : stats.values()) {
            if (stats.containsKey(s.ppid())) {
                continue;
            }
            if (best == null || s.startTimeTicks() < best.startTimeTicks()
                    || s.startTimeTicks() == best.startTimeTicks() && s.pid() < best.pid()) {
                best = s;
            }
        }
        return best;
    }
}
