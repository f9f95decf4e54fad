package io.jtop.metrics;

import io.jtop.container.Container;
import io.jtop.container.Membership;
import io.jtop.container.Sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows gathered into groups: the one place that decides which rows form a group and what the
 * group's figures are, for the UI's table and {@code jtop ps --group}.
 *
 * @param groups    the groups, in the order their first member came
 * @param ungrouped the rows in no group, in their order
 */
public record Groups(List<Group> groups, List<Snapshot.Row> ungrouped) {

    /**
     * The rows grouped. A group's figures are its own cgroup's where {@code cgroups} has them (the
     * pod cgroups a snapshot read, by path), else each figure the sum of its members' known ones
     * (unknown when none knows it), with no limit: a set of containers has none of its own.
     */
    public static Groups of(Grouping by, List<Snapshot.Row> rows, Map<String, Sample> cgroups) {
        Map<Grouping.Key, List<Snapshot.Row>> members = new LinkedHashMap<>();
        Map<Grouping.Key, String> cgroupOf = new LinkedHashMap<>();
        List<Snapshot.Row> ungrouped = new ArrayList<>();
        for (Snapshot.Row r : rows) {
            Grouping.Key k = by.keyOf(r.container());
            if (k == null) {
                ungrouped.add(r);
                continue;
            }
            members.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
            String podCgroup = by == Grouping.POD ? podCgroup(r.container()) : null;
            if (podCgroup != null) {
                cgroupOf.putIfAbsent(k, podCgroup);
            }
        }
        List<Group> groups = new ArrayList<>(members.size());
        for (Map.Entry<Grouping.Key, List<Snapshot.Row>> e : members.entrySet()) {
            String cgroup = cgroupOf.get(e.getKey());
            Sample own = cgroup == null ? null : cgroups.get(cgroup);
            groups.add(new Group(e.getKey(), cgroup, e.getValue(), own != null ? own : sum(e.getValue()), own != null));
        }
        return new Groups(List.copyOf(groups), List.copyOf(ungrouped));
    }

    /** The pod's own cgroup of a container, or null. */
    public static String podCgroup(Container c) {
        Membership m = c.membership();
        return m == null || m.podCgroup() == null || m.podCgroup().isEmpty() ? null : m.podCgroup();
    }

    /** The members' figures added up: CPU %, memory, pids, OOM kills, I/O and network; no limits. */
    static Sample sum(List<Snapshot.Row> rows) {
        Sum cpu = new Sum(), ws = new Sum(), usage = new Sum(), swap = new Sum(), oom = new Sum(), pids = new Sum();
        Sum ioR = new Sum(), ioW = new Sum(), netR = new Sum(), netW = new Sum();
        Sum ioRRate = new Sum(), ioWRate = new Sum(), netRRate = new Sum(), netWRate = new Sum();
        for (Snapshot.Row r : rows) {
            Sample s = r.sample();
            if (s == null) {
                continue;
            }
            cpu.add(s.cpuPercent());
            ws.add(s.memoryWorkingSetBytes());
            usage.add(s.memoryUsageBytes());
            swap.add(s.swapBytes());
            oom.add(s.oomKills());
            pids.add(s.pidsCurrent());
            ioR.add(s.ioReadBytes());
            ioW.add(s.ioWriteBytes());
            netR.add(s.netRxBytes());
            netW.add(s.netTxBytes());
            ioRRate.add(s.ioReadBytesPerSecond());
            ioWRate.add(s.ioWriteBytesPerSecond());
            netRRate.add(s.netRxBytesPerSecond());
            netWRate.add(s.netTxBytesPerSecond());
        }
        return Sample.builder().cpuPercent(cpu.real()).memoryWorkingSetBytes(ws.whole())
                .memoryUsageBytes(usage.whole()).swapBytes(swap.whole()).oomKills(oom.whole())
                .pidsCurrent(pids.whole()).ioReadBytes(ioR.whole()).ioWriteBytes(ioW.whole())
                .netRxBytes(netR.whole()).netTxBytes(netW.whole()).ioReadBytesPerSecond(ioRRate.real())
                .ioWriteBytesPerSecond(ioWRate.real()).netRxBytesPerSecond(netRRate.real())
                .netTxBytesPerSecond(netWRate.real()).build();
    }

    /** A sum of the known values; unknown while none is known. */
    private static final class Sum {
        private boolean known;
        private double value;

        void add(Number n) {
            if (n != null) {
                known = true;
                value += n.doubleValue();
            }
        }

        Double real() {
            return known ? value : null;
        }

        Long whole() {
            return known ? Math.round(value) : null;
        }
    }
}
