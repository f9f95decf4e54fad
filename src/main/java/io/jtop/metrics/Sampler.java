package io.jtop.metrics;

import io.jtop.container.Backend;
import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Sample;
import io.jtop.linux.cgroup.Cgroup;
import io.jtop.linux.cgroup.CgroupBreakdown;
import io.jtop.linux.cgroup.CgroupLimits;
import io.jtop.linux.cgroup.CgroupStats;
import io.jtop.linux.mount.EngineSocketFiles;
import io.jtop.linux.mount.EngineSocketFiles.SocketFile;
import io.jtop.linux.mount.MountInfo;
import io.jtop.linux.ns.NamespaceReader;
import io.jtop.linux.proc.NetDev;
import io.jtop.linux.proc.ProcFs;
import io.jtop.linux.proc.ProcStatus;
import io.jtop.linux.proc.IdMap;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Turns cgroup counters into per-tick figures: CPU % from saturating deltas against the previous
 * tick of the same container, I/O and network rates against the previous full read.
 *
 * <p>Cost: each container's cgroup is read through descriptors kept open, as much of it at each
 * tick as its {@link ReadPlan} says: the counters every view needs (CPU, memory, pids), and every
 * {@code fullEvery} ticks swap, OOM kills, I/O, freezer, pressure and, read here with them, the
 * init's network counters, and its namespaces and capabilities until they are settled (then with
 * the limits: see {@link Identity}). {@link #refresh} forces a read of
 * everything of one container at the next tick.
 *
 * <p>Each rate is a counter's delta over the time between the container's own two reads of it:
 * the clock is read right before each read, never once for a sweep, whose later reads would
 * otherwise be dated early by however long the earlier ones took (a slow or loaded host made one
 * tick overshoot and the next undershoot by as much).
 *
 * <p>Confined to one thread (the sampling thread), but for the cgroup reads it may spread over
 * the host's cores ({@link #readInParallel}); what it returns is immutable. Time comes from the
 * injected clocks so tests advance it by hand.
 */
public final class Sampler {

    /**
     * {@code fullEvery} for a sampler whose every tick gives every figure of every container as
     * the kernel has it then, none kept from an earlier tick that could have moved since
     * ({@code jtop serve}; of a container that ran nothing, what only moves while it runs is
     * not read again); what changes seldom (limits, a settled init's namespaces and
     * capabilities) is read at every {@value #LIMITS_PER_FULL}th tick (see {@link ReadPlan}).
     */
    public static final int EXACT = 0;

    /** Limits are read at every {@value}th full read (see {@link ReadPlan}). */
    static final int LIMITS_PER_FULL = ReadPlan.LIMITS_PER_FULL;

    /** Namespaces whose sharing with the host is worth a flag, in display order. */
    private static final List<String> FLAGGED_NAMESPACES = List.of("pid", "net", "ipc", "uts");
    /** Where the engine sockets are looked for: the host jtop runs on, whose mount table is {@code proc}'s self. */
    private static final Path HOST_ROOT = Path.of("/");

    private final Backend backend;
    private final ProcFs proc;
    private final NamespaceReader namespaces;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private final ReadPlan.Plans plans;
    private final PodCgroups pods;

    private final Map<String, Tracked> tracked = new HashMap<>();
    /** Makes each row's sample: one builder for them all, emptied by each build. */
    private final Sample.Builder sample = Sample.builder();
    private final Set<String> refresh = new HashSet<>();
    private long ticks;
    /** Whether each tick reads the pods' own cgroups too (the "pod" grouping shows them). */
    private boolean readPods;
    /** Whether each tick reads its containers' cgroups ahead, on the common pool's threads ({@link #readAhead}). */
    private boolean parallelReads;
    /** Whether samples carry the breakdown and each network interface's counters (see {@link #readBreakdown}). */
    private boolean readBreakdown = true;
    /**
     * The host's engine sockets and its own mount table, read at most once a tick for the inits
     * that are new then (at the first tick, every container's): {@link #hostSocketsAt} is the tick.
     */
    private long hostSocketsAt = -1;
    private List<SocketFile> hostSockets = List.of();
    private List<MountInfo> hostMounts;

    /** What the sampler keeps of one container between ticks. */
    private static final class Tracked {
        final String cgroup;
        final ReadPlan plan;
        long tick;
        Identity identity;
        /** Whether its last two reads of the identity agreed: then it is read again with the limits only. */
        boolean identitySettled;
        /** When its CPU time was last read; its I/O counters at its last full read; its network counters then. */
        long nanos;
        Long cpu;
        long fullNanos;
        Long ioRead;
        Long ioWrite;
        long netNanos;
        Long netRx;
        Long netTx;
        List<Sample.Interface> netInterfaces;
        Double ioReadRate;
        Double ioWriteRate;
        Double netRxRate;
        Double netTxRate;
        /** What the last tick made of it, kept for a tick at which it ran nothing. */
        CgroupStats stats;
        Snapshot.Row row;
        /** Whether {@link #ahead} holds this tick's read of its cgroup, made by {@link #readAhead}. */
        boolean readAhead;
        CgroupStats ahead;

        Tracked(String cgroup, ReadPlan plan) {
            this.cgroup = cgroup;
            this.plan = plan;
        }
    }

    /**
     * What the kernel shows of a container's init process: its namespaces and capabilities. They
     * can change under the same pid: a runtime's init (runc's {@code runc:[2:INIT]}) holds every
     * capability until it drops them and execs the container's command, and a process may drop
     * them or change namespaces itself. So it is read again at each full read until two reads
     * agree, then with the limits (a process that changes them later shows within a limits read's
     * span), and at once when the backend reports another init. Its user id map and the mounts that matter to its security
     * flags are read only when the init is another one: they are set before the runtime starts it.
     */
    private record Identity(int pid, Instant startedAt, List<String> hostNamespaces, Boolean privileged,
                            boolean ownNetwork, IdMap uidMap, List<MountInfo> mounts, List<String> socketsReached,
                            List<String> securityFlags) {
    }

    /** A sampler that reads everything on every tick: for one-shot commands. */
    public Sampler(Backend backend, Cgroup cgroup, ProcFs proc, LongSupplier nanoTime, Clock clock) {
        this(backend, cgroup, proc, nanoTime, clock, 1);
    }

    public Sampler(Backend backend, Cgroup cgroup, ProcFs proc, LongSupplier nanoTime, Clock clock, int fullEvery) {
        this.backend = backend;
        this.proc = proc;
        this.namespaces = new NamespaceReader(proc);
        this.nanoTime = nanoTime;
        this.clock = clock;
        this.plans = new ReadPlan.Plans(cgroup, nanoTime, Math.max(EXACT, fullEvery));
        this.pods = new PodCgroups(cgroup, nanoTime);
    }

    /**
     * Whether each tick reads the pods' own cgroups too ({@link Snapshot#cgroups}): only while
     * something shows them (the "pod" grouping); when turned off their descriptors are closed and
     * nothing of them is read.
     */
    public void readPodCgroups(boolean on) {
        if (readPods && !on) {
            pods.close();
        }
        readPods = on;
    }

    /**
     * Whether each tick reads the cgroups of the containers it already tracks on all the host's
     * cores rather than on the sampling thread alone: for a caller that waits for the tick (a
     * scrape of {@code jtop serve}), on a host with many containers, where those reads are most
     * of the tick. The rest of the tick stays on the sampling thread.
     */
    public void readInParallel(boolean on) {
        parallelReads = on;
    }

    /**
     * Whether samples carry what only the detail view and the exporters show: the cgroup's
     * breakdown (CPU time by mode, processes, block I/O by device, pressure totals) and each
     * network interface's counters. Off, a full read leaves their files and their parsing out and
     * those figures are null. Takes effect for the containers tracked from then on: set it before
     * the first sample.
     */
    public void readBreakdown(boolean on) {
        readBreakdown = on;
        plans.readBreakdown(on);
    }

    /** Discovers the containers and reads every one's figures. */
    public Snapshot sample() {
        return sample(backend.list(false));
    }

    /**
     * Gets ready to sample these containers: opens their cgroup files, reads them once and looks
     * up their init, so that the next {@link #sample} of them is quick. A one-shot command calls it
     * with what it has listed while it waits for a slow backend (an engine's first answer). Their
     * next sample is still a first one: everything read again, and no rates.
     */
    public void warm(List<Container> containers) {
        for (Container c : containers) {
            if (c.cgroup() == null || tracked.containsKey(c.id())) {
                continue;
            }
            Tracked t = track(c); // no listed state yet: its next read is a forced one, limits and all
            t.tick = ticks; // kept by the next tick's sweep even if that tick does not list it
            if (t.plan.warm() && c.pid() > 0) {
                t.identity = identity(c, null);
            }
        }
    }

    /** Starts tracking a container: the plan of its cgroup's reads. */
    private Tracked track(Container c) {
        Tracked t = new Tracked(c.cgroup(), plans.of(c.cgroup()));
        tracked.put(c.id(), t);
        return t;
    }

    /** Asks for a full read of this container at the next tick, e.g. after an action on it. */
    public void refresh(Container c) {
        refresh.add(c.id());
        backend.changed(c);
    }

    /** Reads the figures of the given containers; those whose cgroup is gone are left out. */
    public Snapshot sample(List<Container> containers) {
        long tick = ticks++;
        if (parallelReads) {
            readAhead(containers, tick);
        }
        List<Snapshot.Row> rows = new ArrayList<>(containers.size());
        Set<String> hidden = new LinkedHashSet<>();
        Set<Integer> live = new HashSet<>(containers.size() * 2);
        for (Container c : containers) {
            if (c.cgroup() == null) {
                rows.add(new Snapshot.Row(c, null));
                continue;
            }
            Tracked t = tracked.get(c.id());
            if (t != null && !t.cgroup.equals(c.cgroup())) {
                t.plan.close();
                tracked.remove(c.id());
                t = null;
            }
            boolean first = t == null;
            if (first) {
                t = track(c);
            }
            t.tick = tick;
            boolean forced = first || refresh.remove(c.id());
            CgroupStats s;
            if (t.readAhead) {
                s = t.ahead;
                t.readAhead = false;
                t.ahead = null;
            } else {
                s = t.plan.read(tick, forced, c.state(), t.stats);
            }
            boolean full = t.plan.full();
            long at = t.plan.at();
            if (!full && s != null && s == t.stats && t.row != null && t.row.container() == c
                    && Double.valueOf(0).equals(t.row.sample().cpuPercent())) {
                // It ran nothing (the reader stopped at its CPU time) and was idle before: the
                // same row as last tick, made again for nothing 200 times a second otherwise.
                t.nanos = at;
                live.add(c.pid());
                if (t.identity == null || t.identity.hostNamespaces() == null) {
                    hidden.add("namespaces");
                }
                rows.add(t.row);
                continue;
            }
            t.stats = s;
            if (s == null || Long.valueOf(0).equals(s.pidsCurrent())) {
                // Gone, or emptied (its processes exited) between discovery and now.
                t.tick = -1;
                backend.changed(c);
                continue;
            }
            live.add(c.pid());
            if (t.identity == null || t.identity.pid() != c.pid()
                    || !Objects.equals(t.identity.startedAt(), c.startedAt())
                    || full && (!t.identitySettled || t.plan.limits())) {
                Identity before = t.identity;
                t.identity = identity(c, before);
                t.identitySettled = Objects.equals(t.identity, before);
            }
            if (t.identity == null || t.identity.hostNamespaces() == null) {
                hidden.add("namespaces");
            }
            Snapshot.Row row = new Snapshot.Row(withFreezer(c, s), toSample(t, s, at, full));
            if (t.row == null || t.row.container() != row.container()
                    || !Objects.equals(t.row.sample().cpuUsageNanos(), row.sample().cpuUsageNanos())
                    || !t.row.equals(row)) {
                // Else the same figures as last tick: the same row object, which the UI reuses as drawn.
                // The CPU time, which moves at nearly every tick of a running container, is compared
                // first: it settles most rows without the records' generated equals over every figure.
                t.row = row;
            }
            rows.add(t.row);
        }
        // Sweep what this tick did not see.
        for (Iterator<Tracked> it = tracked.values().iterator(); it.hasNext(); ) {
            Tracked gone = it.next();
            if (gone.tick != tick) {
                gone.plan.close();
                it.remove();
            }
        }
        plans.sweep(tick);
        proc.retainOnly(live);
        return new Snapshot(clock.instant(), List.copyOf(rows), hidden,
                readPods ? pods.read(containers) : Map.of());
    }

    /**
     * Reads, spread over the common fork-join pool and this thread, the cgroups of the containers
     * already tracked, as {@link #sample}'s loop would read them next, each once (the first time
     * its id is listed, under the cgroup it is tracked by): each plan and reader is its own
     * container's, and the parent cgroup they share reads itself once per tick under its lock.
     * A container seen for the first time is read in the loop, as its tracking starts there.
     */
    private void readAhead(List<Container> containers, long tick) {
        record Due(Tracked tracked, boolean forced, ContainerState state) {
        }
        List<Due> due = new ArrayList<>(containers.size());
        Set<String> seen = new HashSet<>(containers.size() * 2);
        for (Container c : containers) {
            Tracked t = c.cgroup() == null || !seen.add(c.id()) ? null : tracked.get(c.id());
            if (t != null && t.cgroup.equals(c.cgroup())) {
                due.add(new Due(t, refresh.contains(c.id()), c.state()));
            }
        }
        due.parallelStream().forEach(d -> {
            Tracked t = d.tracked();
            t.ahead = t.plan.read(tick, d.forced(), d.state(), t.stats);
            t.readAhead = true;
        });
    }

    /** The freezer read now may be fresher than what discovery saw; an unknown state stays unknown, with its reason. */
    private static Container withFreezer(Container c, CgroupStats s) {
        if (s.frozen() == null || c.state() == ContainerState.EXITED || c.state() == ContainerState.CREATED
                || c.state() == ContainerState.UNKNOWN) {
            return c;
        }
        ContainerState state = s.frozen() ? ContainerState.PAUSED : ContainerState.RUNNING;
        return state == c.state() ? c : c.withState(state);
    }

    /** Its figures; {@code at} is when its counters in {@code s} were read. */
    private Sample toSample(Tracked t, CgroupStats s, long at, boolean full) {
        Double cpuPercent = t.cpu == null ? null
                : rate(t.cpu, s.cpuUsageNanos(), (at - t.nanos) / 1e9, 1e-7); // ns/s ÷ 1e9 × 100
        t.nanos = at;
        t.cpu = s.cpuUsageNanos();
        if (full) {
            boolean before = t.fullNanos != 0;
            double seconds = (at - t.fullNanos) / 1e9;
            t.ioReadRate = before ? rate(t.ioRead, s.ioReadBytes(), seconds, 1) : null;
            t.ioWriteRate = before ? rate(t.ioWrite, s.ioWriteBytes(), seconds, 1) : null;
            t.fullNanos = at;
            t.ioRead = s.ioReadBytes();
            t.ioWrite = s.ioWriteBytes();
            // Its own time too: its init's identity may have been looked up since its cgroup was read.
            long netAt = nanoTime.getAsLong();
            NetDev net = t.identity != null && t.identity.ownNetwork() ? proc.netDev(t.identity.pid()) : null;
            Long rx = net == null ? null : net.rxBytes();
            Long tx = net == null ? null : net.txBytes();
            seconds = (netAt - t.netNanos) / 1e9;
            t.netRxRate = before ? rate(t.netRx, rx, seconds, 1) : null;
            t.netTxRate = before ? rate(t.netTx, tx, seconds, 1) : null;
            t.netNanos = netAt;
            t.netRx = rx;
            t.netTx = tx;
            t.netInterfaces = net == null || !readBreakdown ? null : interfaces(net);
        }
        Identity id = t.identity;
        return cgroupFigures(sample, s, cpuPercent)
                .ioReadBytesPerSecond(t.ioReadRate)
                .ioWriteBytesPerSecond(t.ioWriteRate)
                .netRxBytes(t.netRx)
                .netTxBytes(t.netTx)
                .netInterfaces(t.netInterfaces)
                .netRxBytesPerSecond(t.netRxRate)
                .netTxBytesPerSecond(t.netTxRate)
                .hostNamespaces(id == null ? null : id.hostNamespaces())
                .privileged(id == null ? null : id.privileged())
                .securityFlags(id == null ? null : id.securityFlags())
                .build();
    }

    /** The figures a cgroup's own files give (counters, pressure, limits) set on a builder, with its CPU %. */
    static Sample.Builder cgroupFigures(Sample.Builder b, CgroupStats s, Double cpuPercent) {
        CgroupLimits l = s.limits();
        CgroupBreakdown d = s.breakdown() == null ? CgroupBreakdown.NONE : s.breakdown();
        return b
                .cpuPercent(cpuPercent)
                .cpuUsageNanos(s.cpuUsageNanos())
                .cpuPeriods(s.cpuPeriods())
                .cpuThrottledPeriods(s.cpuThrottledPeriods())
                .cpuThrottledNanos(s.cpuThrottledNanos())
                .cpuQuotaMicros(l.cpuQuotaMicros())
                .cpuPeriodMicros(l.cpuPeriodMicros())
                .cpuShares(l.cpuShares())
                .cpuWeight(l.cpuWeight())
                .memoryWorkingSetBytes(s.memoryWorkingSet())
                .memoryUsageBytes(s.memoryUsage())
                .memoryLimitBytes(l.memoryMax())
                .swapBytes(s.swapUsage())
                .swapLimitBytes(l.swapMax())
                .oomKills(s.oomKills())
                .pidsCurrent(s.pidsCurrent())
                .pidsLimit(l.pidsMax())
                .ioReadBytes(s.ioReadBytes())
                .ioWriteBytes(s.ioWriteBytes())
                .psiCpuSome10(s.psiCpuSome10())
                .psiMemorySome10(s.psiMemorySome10())
                .psiIoSome10(s.psiIoSome10())
                .cpuUserNanos(d.cpuUserNanos())
                .cpuSystemNanos(d.cpuSystemNanos())
                .memoryRssBytes(d.memoryRss())
                .memoryCacheBytes(d.memoryCache())
                .processes(d.processes())
                .ioDevices(devices(d.devices()))
                .psiCpuSomeMicros(d.cpuPressure().someMicros())
                .psiCpuFullMicros(d.cpuPressure().fullMicros())
                .psiMemorySomeMicros(d.memoryPressure().someMicros())
                .psiMemoryFullMicros(d.memoryPressure().fullMicros())
                .psiIoSomeMicros(d.ioPressure().someMicros())
                .psiIoFullMicros(d.ioPressure().fullMicros());
    }

    /** Each interface's counters of a network namespace; null when its file was garbled. */
    private static List<Sample.Interface> interfaces(NetDev net) {
        if (net.perInterface() == null) {
            return null;
        }
        List<Sample.Interface> out = new ArrayList<>(net.perInterface().size());
        for (NetDev.Interface i : net.perInterface()) {
            out.add(new Sample.Interface(i.name(), i.rxBytes(), i.rxPackets(), i.rxErrors(), i.rxDropped(),
                    i.txBytes(), i.txPackets(), i.txErrors(), i.txDropped()));
        }
        return List.copyOf(out);
    }

    /** Block I/O per device; null when unread or garbled. */
    private static List<Sample.Device> devices(List<CgroupBreakdown.IoDevice> devices) {
        if (devices == null) {
            return null;
        }
        List<Sample.Device> out = new ArrayList<>(devices.size());
        for (CgroupBreakdown.IoDevice d : devices) {
            out.add(new Sample.Device(d.device(), d.readBytes(), d.writeBytes()));
        }
        return List.copyOf(out);
    }

    /** Δ counter ÷ Δ seconds × scale; a counter that went backwards (reset) gives 0, not a negative. */
    static Double rate(Long before, Long now, double seconds, double scale) {
        if (before == null || now == null || seconds <= 0) {
            return null;
        }
        long delta = Math.max(0, now - before);
        return delta / seconds * scale;
    }

    /**
     * The {@link Identity} of the container's init process. Backends check that the process they
     * name is still the same one (pid and start time), so a recycled pid never inherits another's
     * namespaces.
     */
    private Identity identity(Container c, Identity before) {
        if (c.pid() <= 0) {
            return null;
        }
        Map<String, Long> inodes = namespaces.inodes(c.pid(), FLAGGED_NAMESPACES);
        List<String> shared = new ArrayList<>();
        boolean readable = true;
        for (String type : FLAGGED_NAMESPACES) {
            Boolean s = namespaces.sharedWithHost(inodes, type);
            if (s == null) {
                readable = false;
            } else if (s) {
                shared.add(type);
            }
        }
        Boolean netShared = namespaces.sharedWithHost(inodes, "net");
        boolean same = before != null && before.pid() == c.pid() && Objects.equals(before.startedAt(), c.startedAt());
        IdMap uidMap = same ? before.uidMap() : proc.idMap(c.pid(), false);
        List<MountInfo> mounts = before == null ? null : before.mounts();
        List<String> reached = before == null ? null : before.socketsReached();
        if (!same) {
            List<MountInfo> all = MountInfo.parse(proc.mountinfoText(c.pid()));
            mounts = SecurityPosture.relevant(all);
            reached = socketsReached(all);
        }
        ProcStatus status = proc.status(c.pid());
        // The label and the device list give no flag: they are read when the pane is opened.
        SecurityPosture posture = status == null ? null
                : SecurityPosture.of(c.runtime(), status, proc.capLastCap(), proc.capabilityBound(), uidMap, mounts,
                    reached, null, null, true);
        return new Identity(c.pid(), c.startedAt(), readable ? List.copyOf(shared) : null,
                posture == null ? null : posture.privileged(), !Boolean.TRUE.equals(netShared), uidMap, mounts,
                reached, posture == null ? null : posture.flags());
    }

    /**
     * The host's engine sockets a new init reaches through a bind: the sockets are looked at on the
     * host, and jtop's own mount table is read only when one of the init's mounts is on a socket's
     * file system; both once a tick at most.
     */
    private List<String> socketsReached(List<MountInfo> container) {
        if (hostSocketsAt != ticks) {
            hostSockets = EngineSocketFiles.present(HOST_ROOT);
            hostMounts = null;
            hostSocketsAt = ticks;
        }
        if (container.stream().noneMatch(m -> hostSockets.stream().anyMatch(s -> s.device().equals(m.device())))) {
            return List.of();
        }
        if (hostMounts == null) {
            hostMounts = MountInfo.parse(proc.selfMountinfoText());
        }
        return List.copyOf(SocketsReached.of(container, hostMounts, hostSockets));
    }

    /**
     * Whether a process holds every capability the kernel has and the host's bounding set allows
     * ({@code docker run --privileged}); {@code bound} is -1 when every one is allowed.
     */
    public static Boolean privileged(ProcStatus status, int capLastCap, long bound) {
        if (status == null || status.capEff() < 0 || capLastCap < 0) {
            return null;
        }
        long full = (capLastCap >= 63 ? -1L : (1L << (capLastCap + 1)) - 1) & bound;
        return (status.capEff() & full) == full;
    }
}
