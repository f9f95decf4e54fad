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
 * <p>It remembers each container's init process, so a tick reads one {@code stat} per container
 * rather than one per process; it is confined to the sampling thread.
 */
public final class CgroupDiscovery implements Backend {

    private final Cgroup cgroup;
    private final ProcFs proc;
    private Map<String, ProcStat> inits = new HashMap<>();

    public CgroupDiscovery(Cgroup cgroup, ProcFs proc) {
        this.cgroup = cgroup;
        this.proc = proc;
    }

    @Override
    public String name() {
        return "cgroups";
    }

    @Override
    public List<Container> list(boolean all) {
        List<Container> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long bootTime = proc.bootTimeSeconds();
        long hz = proc.clockTicks();
        Map<String, ProcStat> nextInits = new HashMap<>();
        cgroup.walk(path -> {
            CgroupPathClassifier.Match m = CgroupPathClassifier.classify(path);
            if (m == null) {
                return true;
            }
            if (seen.add(m.runtime() + "/" + m.id())) {
                ProcStat init = initOf(path);
                if (init != null) {
                    nextInits.put(path, init);
                    out.add(describe(path, m, init, bootTime, hz));
                }
            }
            return false; // a container's sub-cgroups belong to it
        });
        inits = nextInits;
        return out;
    }

    /** The init process of a container's cgroup: the one remembered if it still runs there. */
    private ProcStat initOf(String path) {
        List<Integer> pids = cgroup.procs(path);
        ProcStat known = inits.get(path);
        if (known != null && pids.contains(known.pid())) {
            ProcStat now = proc.stat(known.pid());
            if (now != null && now.startTimeTicks() == known.startTimeTicks()) {
                return now;
            }
        }
        ProcStat init = initProcess(pids);
        if (init != null && (known == null || known.pid() != init.pid())) {
            proc.stat(init.pid()); // keep the new init's stat open for the next ticks
        }
        return init;
    }

    private Container describe(String path, CgroupPathClassifier.Match m, ProcStat init, long bootTime, long hz) {
        if (init == null) {
            return null; // empty cgroup: created but not running, or just exited
        }
        Boolean frozen = cgroup.frozen(path);
        Instant started = bootTime < 0 ? null
                : Instant.ofEpochMilli(bootTime * 1000 + init.startTimeTicks() * 1000 / hz);
        return new Container(m.id(), m.name(), m.runtime(), null, init.pid(),
                Boolean.TRUE.equals(frozen) ? ContainerState.PAUSED : ContainerState.RUNNING,
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
