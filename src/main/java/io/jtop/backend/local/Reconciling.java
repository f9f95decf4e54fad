package io.jtop.backend.local;

import io.jtop.engine.lifecycle.ContainerRecord;
import io.jtop.engine.lifecycle.LifecycleState;
import io.jtop.engine.lifecycle.OciDriver;
import io.jtop.engine.lifecycle.Reconciler;
import io.jtop.engine.lifecycle.StateStore;
import io.jtop.linux.cgroup.Cgroup;
import io.jtop.linux.cgroup.CgroupStats;
import io.jtop.linux.proc.ProcFs;
import io.jtop.linux.proc.ProcStat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Brings a container's record up to date with what the host shows of it — conmon's exit file, a
 * dead conmon, a reboot, an orphan whose creator died — through {@link Reconciler}'s rules, and
 * saves what changed. Every action and every listing of jtop's runtime looks here first.
 */
final class Reconciling {

    private static final long CONMON_RECHECK_NANOS = 30_000_000_000L;

    private final StateStore states;
    private final Drivers drivers;
    private final ProcFs procFs;
    /** The host's /proc, for this boot's id. */
    private final Path proc;
    private final Supplier<Cgroup> cgroup;
    /** What is let go once a container's exit is recorded: see {@link LocalRuntime}'s release. */
    private final Consumer<ContainerRecord> release;
    /** Records reconciling could not save (a full or read-only store), one line each: see {@link #unsaved}. */
    private final Set<String> unsaved = ConcurrentHashMap.newKeySet();
    /** conmon pid → when it was last seen alive. */
    private final Map<Long, Long> conmonSeen = new ConcurrentHashMap<>();
    private volatile String bootId;

    Reconciling(StateStore states, Drivers drivers, ProcFs procFs, Path proc, Supplier<Cgroup> cgroup,
            Consumer<ContainerRecord> release) {
        this.states = states;
        this.drivers = drivers;
        this.procFs = procFs;
        this.proc = proc;
        this.cgroup = cgroup;
        this.release = release;
    }

    /** A store that could not take a record the host's state was read into (full, read-only); see {@link #unsaved}. */
    void unsaved(String why) {
        unsaved.add(why);
    }

    /**
     * What a listing learnt of the host at once, for every record it reconciles.
     *
     * @param exitFiles the names in the exit directory
     * @param pids      every pid in /proc, or null to check each conmon itself
     */
    record Facts(Set<String> exitFiles, Set<Integer> pids) {
    }

    /**
     * One read of the exit directory instead of a look for each container's exit file, and with
     * {@code quick} one read of /proc's pids instead of each conmon's stat.
     */
    Facts facts(boolean quick) throws IOException {
        return new Facts(names(drivers.exitDir()), quick ? pids() : null);
    }

    /**
     * Brings a record up to date with the host and saves the change; with {@code facts}, what a
     * listing read once for every record (null: each is looked at itself).
     */
    ContainerRecord reconcile(ContainerRecord r, Facts facts) throws IOException {
        if (!r.state().onHost()) {
            return r; // exited and removed records are final: nothing on the host to look at
        }
        OptionalInt code = facts == null || facts.exitFiles().contains(r.id()) ? drivers.base().exitCode(drivers.exitDir(), r.id())
                : OptionalInt.empty();
        boolean conmon = facts != null && facts.pids() != null && code.isEmpty() && r.conmonPid() > 0
                ? facts.pids().contains((int) r.conmonPid()) : conmonAlive(r, code);
        if (!conmon && code.isEmpty()) {
            // The exit directory was read before this conmon was looked for: one that wrote its
            // exit file and ended in between is exited with that code, not "died without one".
            code = drivers.base().exitCode(drivers.exitDir(), r.id());
        }
        boolean exitFile = code.isPresent();
        Reconciler.HostView host = new Reconciler.HostView(bootId(), code, conmon,
                code.isPresent() && code.getAsInt() == 137 && oomKilled(r.id()), () -> beingCreated(r.id()),
                () -> orphan(r.id()), () -> exitTime(r.id(), exitFile));
        ContainerRecord next = Reconciler.reconcile(r, host);
        if (next != r) {
            // What the host showed is about this record: one that changed meanwhile (started by
            // another process, with a conmon this look did not see) is left for the next look.
            try {
                boolean[] took = new boolean[1];
                ContainerRecord saved = states.update(r.id(), x -> {
                    took[0] = x == r || x.equals(r);
                    return took[0] ? next : x;
                });
                if (took[0] && saved.state() == LifecycleState.EXITED) {
                    release.accept(saved); // once, by whoever recorded the exit
                }
                return saved;
            } catch (IOException e) {
                // A store that cannot take it (full, read-only): what the host showed stands all
                // the same, and the next look, finding the same exit file, saves it once it can.
                unsaved.add(e.getMessage());
                return next;
            }
        }
        return r;
    }

    /**
     * When a container exited, as ISO-8601: its exit file's time where it has one (conmon writes it
     * as the container ends, whether or not jtop runs then), else now (its end is seen now).
     */
    private String exitTime(String id, boolean exitFile) {
        if (exitFile) {
            try {
                return Files.getLastModifiedTime(drivers.exitDir().resolve(id)).toInstant().toString();
            } catch (IOException e) {
                // removed since it was read: the time of this look is the best left
            }
        }
        return Instant.now().toString();
    }

    /** The names in a directory; none when it is missing. */
    private static Set<String> names(Path dir) throws IOException {
        Set<String> out = new HashSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                out.add(p.getFileName().toString());
            }
        } catch (NoSuchFileException e) {
            // nothing there yet
        }
        return out;
    }

    /** Every process's pid, from one read of /proc; null if it could not be read (each conmon is then checked itself). */
    private Set<Integer> pids() {
        List<Integer> all = procFs.pids(); // never empty when readable: this process is in it
        return all.isEmpty() ? null : new HashSet<>(all);
    }

    /** Whether the container's cgroup saw an OOM kill (read while the cgroup lasts: until rm). */
    private boolean oomKilled(String id) {
        CgroupStats s = cgroup.get().stats(LocalRuntime.cgroupPath(id));
        return s != null && s.oomKills() != null && s.oomKills() > 0;
    }

    /**
     * Whether the record's conmon lives. Listing asks for every container at every tick of a view:
     * a container's exit is seen through its exit file (one stat) at once, and a conmon that died
     * without writing one (killed) is looked for at most every {@link #CONMON_RECHECK_NANOS}.
     */
    private boolean conmonAlive(ContainerRecord r, OptionalInt code) {
        if (code.isPresent() || r.conmonPid() <= 0) {
            conmonSeen.remove(r.conmonPid()); // it has done its work: forget it
            return alive(r.conmonPid(), "conmon");
        }
        long now = System.nanoTime();
        Long seen = conmonSeen.get(r.conmonPid());
        if (seen != null && now - seen < CONMON_RECHECK_NANOS) {
            return true;
        }
        boolean alive = alive(r.conmonPid(), "conmon");
        if (alive) {
            conmonSeen.put(r.conmonPid(), now);
        } else {
            conmonSeen.remove(r.conmonPid());
        }
        return alive;
    }

    /** A container's processes are gone: whether its conmon is still there is looked at again. */
    void forgetConmons() {
        conmonSeen.clear();
    }

    /**
     * What the reconciling since the last call could not save (a full or read-only store), one
     * line each; the next look at the same record finds the same and saves it once it can.
     */
    Set<String> unsaved() {
        Set<String> out = Set.copyOf(unsaved);
        unsaved.clear();
        return out;
    }

    private boolean alive(long pid, String comm) {
        ProcStat s = pid <= 0 ? null : procFs.statOnce((int) pid);
        return s != null && s.comm().startsWith(comm) && s.state() != 'Z';
    }

    private boolean beingCreated(String id) {
        try {
            return states.beingCreated(id);
        } catch (IOException e) {
            return true; // cannot tell: never call a container dead on a guess
        }
    }

    /**
     * What conmon and the runtime show of a created container whose creator ended before it
     * recorded its conmon (see {@link Reconciler.Orphan}). Asked at each look while it is so: the
     * runtime may start it at any time, as a {@code runc start} under way when its creator died does.
     */
    private Reconciler.Orphan orphan(String id) {
        long conmon = drivers.base().monitor(id); // found by its pid file, whichever runtime it runs
        if (conmon <= 0) {
            return Reconciler.Orphan.NONE;
        }
        try {
            Optional<OciDriver.State> s = drivers.of(id).state(id);
            if (s.isEmpty()) {
                return new Reconciler.Orphan(conmon, null, 0, 0); // its conmon has not had it created yet
            }
            long pid = s.get().pid();
            return new Reconciler.Orphan(conmon, s.get().status(), pid, pid > 0 ? startTicks(pid) : 0);
        } catch (IOException e) {
            return new Reconciler.Orphan(conmon, null, 0, 0); // the runtime cannot say: created, while its conmon runs
        }
    }

    /** A process's start time, or 0 when it has already exited (the exit file will tell how). */
    long startTicks(long pid) {
        ProcStat s = procFs.statOnce((int) pid);
        return s == null ? 0 : s.startTimeTicks();
    }

    /** This boot's id; it cannot change while we run, so it is read once. */
    String bootId() throws IOException {
        String b = bootId;
        if (b == null) {
            b = Files.readString(proc.resolve("sys/kernel/random/boot_id")).trim();
            bootId = b;
        }
        return b;
    }
}
