package io.jtop.metrics;

import io.jtop.container.Backend;
import io.jtop.container.Container;
import io.jtop.container.Sample;
import io.jtop.linux.cgroup.Cgroup;
import io.jtop.linux.cgroup.CgroupLimits;
import io.jtop.linux.cgroup.CgroupStats;
import io.jtop.linux.ns.NamespaceReader;
import io.jtop.linux.proc.NetDev;
import io.jtop.linux.proc.ProcFs;
import io.jtop.linux.proc.ProcStat;
import io.jtop.linux.proc.ProcStatus;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Turns cgroup counters into per-tick figures: CPU %, I/O and network rates from saturating deltas
 * against the previous tick of the same container.
 *
 * <p>Confined to one thread (the sampling thread); what it returns is immutable. Time comes from
 * the injected clocks so tests advance it by hand.
 */
public final class Sampler {

    /** Namespaces whose sharing with the host is worth a flag, in display order. */
    private static final List<String> FLAGGED_NAMESPACES = List.of("pid", "net", "ipc", "uts");

    private final Backend backend;
    private final Cgroup cgroup;
    private final ProcFs proc;
    private final NamespaceReader namespaces;
    private final LongSupplier nanoTime;
    private final Clock clock;

    private Map<String, Previous> previous = new HashMap<>();
    private Map<String, Identity> identities = new HashMap<>();

    private record Previous(long nanos, String cgroup, int pid, Long cpu, Long ioRead, Long ioWrite,
                            Long netRx, Long netTx) {
    }

    /** What does not change for the life of a container's init process. */
    private record Identity(int pid, long startTime, List<String> hostNamespaces, Boolean privileged,
                            boolean ownNetwork) {
    }

    public Sampler(Backend backend, Cgroup cgroup, ProcFs proc, LongSupplier nanoTime, Clock clock) {
        this.backend = backend;
        this.cgroup = cgroup;
        this.proc = proc;
        this.namespaces = new NamespaceReader(proc);
        this.nanoTime = nanoTime;
        this.clock = clock;
    }

    /** Discovers the containers and reads every one's figures. */
    public Snapshot sample() {
        return sample(backend.list(false));
    }

    /** Reads the figures of the given containers; those whose cgroup is gone are left out. */
    public Snapshot sample(List<Container> containers) {
        long now = nanoTime.getAsLong();
        Map<String, Previous> next = new HashMap<>();
        Map<String, Identity> nextIds = new HashMap<>();
        List<Snapshot.Row> rows = new ArrayList<>(containers.size());
        Set<String> hidden = new LinkedHashSet<>();
        for (Container c : containers) {
            CgroupStats s = c.cgroup() == null ? null : cgroup.stats(c.cgroup());
            if (s == null) {
                if (c.cgroup() != null && c.pid() > 0) {
                    continue; // vanished between discovery and now
                }
                rows.add(new Snapshot.Row(c, null));
                continue;
            }
            Identity id = identity(c);
            nextIds.put(c.id(), id);
            NetDev net = id != null && id.ownNetwork() && c.pid() > 0 ? proc.netDev(c.pid()) : null;
            Previous before = previous.get(c.id());
            Previous mine = new Previous(now, c.cgroup(), c.pid(), s.cpuUsageNanos(), s.ioReadBytes(), s.ioWriteBytes(),
                    net == null ? null : net.rxBytes(), net == null ? null : net.txBytes());
            next.put(c.id(), mine);
            if (id == null || id.hostNamespaces() == null) {
                hidden.add("namespaces");
            }
            rows.add(new Snapshot.Row(c, toSample(s, before, mine, id)));
        }
        // Close what was kept open for containers and processes that are gone; the cache would
        // otherwise hold their descriptors until evicted.
        for (Map.Entry<String, Previous> gone : previous.entrySet()) {
            if (!next.containsKey(gone.getKey())) {
                cgroup.forget(gone.getValue().cgroup());
            }
        }
        Set<Integer> live = new java.util.HashSet<>();
        for (Container c : containers) {
            live.add(c.pid());
        }
        proc.retainOnly(live);
        previous = next;
        identities = nextIds;
        return new Snapshot(clock.instant(), List.copyOf(rows), hidden);
    }

    private Sample toSample(CgroupStats s, Previous before, Previous now, Identity id) {
        double seconds = before == null ? 0 : (now.nanos() - before.nanos()) / 1e9;
        CgroupLimits l = s.limits();
        return new Sample(
                rate(before == null ? null : before.cpu(), now.cpu(), seconds, 1e-7), // ns/s ÷ 1e9 × 100
                s.cpuUsageNanos(),
                s.cpuPeriods(),
                s.cpuThrottledPeriods(),
                s.cpuThrottledNanos(),
                l.cpuQuotaMicros(),
                l.cpuPeriodMicros(),
                l.cpuShares(),
                l.cpuWeight(),
                s.memoryWorkingSet(),
                s.memoryUsage(),
                l.memoryMax(),
                s.swapUsage(),
                l.swapMax(),
                s.oomKills(),
                s.pidsCurrent(),
                l.pidsMax(),
                s.ioReadBytes(),
                s.ioWriteBytes(),
                rate(before == null ? null : before.ioRead(), now.ioRead(), seconds, 1),
                rate(before == null ? null : before.ioWrite(), now.ioWrite(), seconds, 1),
                now.netRx(),
                now.netTx(),
                rate(before == null ? null : before.netRx(), now.netRx(), seconds, 1),
                rate(before == null ? null : before.netTx(), now.netTx(), seconds, 1),
                s.psiCpuSome10(),
                s.psiMemorySome10(),
                s.psiIoSome10(),
                id == null ? null : id.hostNamespaces(),
                id == null ? null : id.privileged());
    }

    /** Δ counter ÷ Δ seconds × scale; a counter that went backwards (reset) gives 0, not a negative. */
    static Double rate(Long before, Long now, double seconds, double scale) {
        if (before == null || now == null || seconds <= 0) {
            return null;
        }
        long delta = Math.max(0, now - before);
        return delta / seconds * scale;
    }

    private Identity identity(Container c) {
        if (c.pid() <= 0) {
            return null;
        }
        ProcStat st = proc.stat(c.pid());
        if (st == null) {
            return null;
        }
        Identity known = identities.get(c.id());
        if (known != null && known.pid() == c.pid() && known.startTime() == st.startTimeTicks()) {
            return known;
        }
        Map<String, Long> inodes = namespaces.inodes(c.pid());
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
        return new Identity(c.pid(), st.startTimeTicks(), readable ? List.copyOf(shared) : null,
                privileged(proc.status(c.pid()), proc.capLastCap()), !Boolean.TRUE.equals(netShared));
    }

    /** Whether a process holds every capability the kernel has (docker run --privileged). */
    public static Boolean privileged(ProcStatus status, int capLastCap) {
        if (status == null || status.capEff() < 0 || capLastCap < 0) {
            return null;
        }
        long full = capLastCap >= 63 ? -1L : (1L << (capLastCap + 1)) - 1;
        return (status.capEff() & full) == full;
    }
}
