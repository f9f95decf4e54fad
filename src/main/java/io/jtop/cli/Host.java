package io.jtop.cli;

import io.jtop.backend.discovery.CgroupDiscovery;
import io.jtop.backend.docker.EngineBackend;
import io.jtop.backend.local.LocalBackend;
import io.jtop.backend.local.LocalRuntime;
import io.jtop.backend.merged.MergedBackend;
import io.jtop.container.Backend;
import io.jtop.linux.cgroup.Cgroup;
import io.jtop.linux.cgroup.Cgroups;
import io.jtop.linux.proc.KernelFiles;
import io.jtop.linux.proc.ProcFs;
import io.jtop.metrics.Inspector;
import io.jtop.metrics.Sampler;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Wires the readers, discovery and sampler for one host root (production: {@code /}). */
final class Host implements AutoCloseable {

    final Path root;
    final KernelFiles files;
    final ProcFs proc;
    final Cgroup cgroup;
    final CgroupDiscovery discovery;
    final LocalBackend local;
    /** Docker and Podman through their sockets, on the real host only; empty in a fixture tree. */
    final List<EngineBackend> engines;
    final Backend backend;
    final Sampler sampler;

    /**
     * For views that sample every interval: limits, I/O, network, freezer and identities are read
     * every 5th tick (staggered), the CPU, memory and pids counters every tick. README "Cost".
     */
    static final int CONTINUOUS_FULL_EVERY = 5;

    /** Discovery rechecks each container's init once per this many full reads. */
    static final int RECHECK_PER_FULL = 6;

    /**
     * How long a command that prints once waits for the engines' first answer: their calls time
     * out after 5 s, and the first needs the HTTP client started.
     */
    static final long ENGINE_WAIT_MILLIS = 8_000;

    /** Set by the entry point ({@link Jtop#main}, {@link Main#main}): the process exits once its one command is done. */
    static volatile boolean exitsAfterCommand;

    // The host root, store and run directory that jtop's options default to: the environment's,
    // else the built-in paths. Methods, not a record of the three: a class of its own would be one
    // more for the start-up archive to hold, and `jtop` alone reads them before anything else.

    static Path hostRootOf(Map<String, String> env) {
        return Path.of(env.getOrDefault("JTOP_HOST_ROOT", Main.DEFAULT_HOST_ROOT));
    }

    static Path storeRootOf(Map<String, String> env) {
        return Path.of(env.getOrDefault("JTOP_ROOT", Main.DEFAULT_STORE));
    }

    static Path runDirOf(Map<String, String> env) {
        return Path.of(env.getOrDefault("JTOP_RUN", Main.DEFAULT_RUN));
    }

    /** A host whose sampler reads everything on every tick: for one-shot commands. */
    Host(Path root) {
        this(root, 1, null, null, ENGINE_WAIT_MILLIS);
    }

    /**
     * @param fullEvery  read slowly changing figures (and recheck discovery) every this many ticks;
     *                   long-running views use {@link #CONTINUOUS_FULL_EVERY}; {@link Sampler#EXACT}
     *                   reads everything at every tick
     * @param engineWait how long the first listing waits for Docker and Podman to answer; 0 for the
     *                   full-screen UI, whose first frame must not wait (their containers show as
     *                   soon as the engines answer)
     */
    Host(Path root, int fullEvery, Path storeRoot, Path runDir, long engineWait) {
        this.root = root;
        // First the engines, whose answers take longest to come. Only on the real host: a fixture
        // tree has no daemon behind it. Creating them costs a stat of each socket; their client
        // loads on a thread of their own once one exists. A command that waits for them starts
        // reaching them now, so that their answers come while the rest is wired and the cgroup
        // tree walked (a view starts them after its first frame).
        Map<String, String> env = System.getenv();
        // They ask for the cgroup tree (opened below) only before an action, for a container's freezer.
        this.engines = root.toString().equals("/")
                ? List.of(EngineBackend.podman(env, engineWait, this::cgroupTree),
                        EngineBackend.docker(env, engineWait, this::cgroupTree))
                : List.of();
        engines.forEach(EngineBackend::prefetch);
        // jtop's own containers (names, images, exited ones) only on the real host, not in a fixture
        // tree. Early, so that reading its records overlaps the rest of the wiring: every user
        // of a Host lists containers next.
        this.local = root.toString().equals("/") && storeRoot != null
                ? new LocalBackend(new LocalRuntime(storeRoot, runDir, Path.of("/usr/sbin/runc"), root.resolve("proc")))
                : null;
        if (local != null) {
            local.prefetch();
        }
        this.files = root.toString().equals("/") ? KernelFiles.forThisProcess() : new KernelFiles(4096);
        this.proc = new ProcFs(root, files);
        this.cgroup = Cgroups.open(root, files);
        // Reading a process's stat is the costliest read per container, and an init that exits
        // while others stay in its cgroup is rare (when all exit, the sampler sees pids.current 0
        // at once): recheck inits less often than the full reads.
        this.discovery = new CgroupDiscovery(cgroup, proc, Math.max(1, fullEvery) * RECHECK_PER_FULL);
        List<Backend> all = new ArrayList<>();
        all.add(discovery);
        if (local != null) {
            all.add(local);
        }
        all.addAll(engines);
        this.backend = all.size() == 1 ? discovery : new MergedBackend(all);
        this.sampler = new Sampler(backend, cgroup, proc, System::nanoTime, Clock.systemUTC(), fullEvery);
        if (backend instanceof MergedBackend m && engineWait > 0) {
            // While a command waits for the engines' first answer, their containers' files (found
            // by discovery, under the same ids) are opened and read once: the sample that follows
            // the answer is then quick.
            m.beforeWaiting(sampler::warm);
        }
    }

    private Cgroup cgroupTree() {
        return cgroup;
    }

    /** What went wrong with the backends at their last listing, one line each. */
    Collection<String> problems() {
        List<String> out = new ArrayList<>();
        if (backend instanceof MergedBackend m) {
            out.addAll(m.problems());
        }
        if (local != null) {
            out.addAll(local.problems());
        }
        return out;
    }

    /**
     * Each backend's name and how it is, for the header: ok (those together), not running, or what
     * went wrong at its last listing; damaged records of jtop's store besides.
     */
    List<String> statuses() {
        List<String> out = new ArrayList<>();
        if (backend instanceof MergedBackend m) {
            out.addAll(m.statuses());
        } else {
            Collection<String> p = problems();
            out.add(p.isEmpty() ? backend.name() + " ok" : backend.name() + ": " + String.join("; ", p));
            return out;
        }
        if (local != null && !local.problems().isEmpty()) {
            out.add(local.name() + ": " + String.join("; ", local.problems()));
        }
        return out;
    }

    Inspector inspector() {
        return new Inspector(root, cgroup, proc);
    }

    @Override
    public void close() {
        engines.forEach(EngineBackend::close);
        // A command of jtop's own process ends here: closing thousands of descriptors one by one
        // would be for nothing, the kernel closes them at exit. Run in another process (tests),
        // a host closes them, or they stay open for that process's life.
        if (!exitsAfterCommand) {
            files.close();
        }
    }
}
