package io.jtop.backend.discovery;

import io.jtop.container.Backend;
import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.linux.cgroup.Cgroup;
import io.jtop.linux.proc.ProcFs;
import io.jtop.linux.proc.ProcStat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds every running container on the host, whatever started it, by walking the cgroup tree and
 * classifying each path ({@link CgroupPathClassifier}). Read-only: it knows no names or images
 * beyond what the path says, and nothing of exited containers.
 *
 * <p>Every call walks the tree, so a new container is seen at once. What it learns of a known
 * container (its init process, whether it is frozen) is checked again every {@code recheckEvery}
 * calls, staggered so that each call rechecks an equal share, or at once after
 * {@link #changed}. Confined to one thread (the sampling thread).
 */
public final class CgroupDiscovery implements Backend {

    private final Cgroup cgroup;
    private final ProcFs proc;
    private final int recheckEvery;
    private Map<String, Known> known = new HashMap<>();
    private long calls;
    private int nextPhase;

    /** What was learnt of a container's cgroup, and when to look again. */
    private record Known(ProcStat init, Boolean frozen, int phase) {
    }

    /** Discovery that rechecks every container on every call. */
    public CgroupDiscovery(Cgroup cgroup, ProcFs proc) {
        this(cgroup, proc, 1);
    }

    public CgroupDiscovery(Cgroup cgroup, ProcFs proc, int recheckEvery) {
        this.cgroup = cgroup;
        this.proc = proc;
        this.recheckEvery = Math.max(1, recheckEvery);
    }

    @Override
    public String name() {
        return "cgroups";
    }

    @Override
    public List<Container> list(boolean all) {
        long call = calls++;
        List<Container> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long bootTime = proc.bootTimeSeconds();
        long hz = proc.clockTicks();
        Map<String, Known> next = new HashMap<>();
        cgroup.walk(path -> {
            CgroupPathClassifier.Match m = CgroupPathClassifier.classify(path);
            if (m == null) {
                return true;
            }
            if (seen.add(m.runtime() + "/" + m.id())) {
                Known k = known.get(path);
                if (k == null || (call + k.phase()) % recheckEvery == 0) {
                    k = look(path, k == null ? nextPhase++ : k.phase());
                }
                if (k != null) {
                    next.put(path, k);
                    out.add(describe(path, m, k, bootTime, hz));
                }
            }
            return false; // a container's sub-cgroups belong to it
        });
        known = next;
        return out;
    }

    @Override
    public void changed(Container c) {
        if (c.cgroup() != null) {
            known.remove(c.cgroup());
        }
    }

    /** Reads a container cgroup's processes and freezer; null when it holds no process. */
    private Known look(String path, int phase) {
        ProcStat init = initProcess(cgroup.procs(path));
        return init == null ? null : new Known(init, cgroup.frozen(path), phase);
    }

    private Container describe(String path, CgroupPathClassifier.Match m, Known k, long bootTime, long hz) {
        ProcStat init = k.init();
        Instant started = bootTime < 0 ? null
                : Instant.ofEpochMilli(bootTime * 1000 + init.startTimeTicks() * 1000 / hz);
        return new Container(m.id(), m.name(), m.runtime(), null, init.pid(),
                Boolean.TRUE.equals(k.frozen()) ? ContainerState.PAUSED : ContainerState.RUNNING,
                path, started, null, false);
    }

    /**
     * The container's init: among its processes, one whose parent is outside the cgroup, the
     * earliest started (ties: lowest pid). Processes that exit while we look are skipped.
     */
    ProcStat initProcess(List<Integer> pids) {
        Map<Integer, ProcStat> stats = new HashMap<>();
        for (int pid : pids) {
            ProcStat s = proc.statOnce(pid);
            if (s != null) {
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
