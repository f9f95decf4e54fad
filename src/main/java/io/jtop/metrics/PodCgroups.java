package io.jtop.metrics;

import io.jtop.container.Container;
import io.jtop.container.Sample;
import io.jtop.linux.cgroup.Cgroup;
import io.jtop.linux.cgroup.CgroupReader;
import io.jtop.linux.cgroup.CgroupStats;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The pods' own cgroups (a Kubernetes pod's {@code /kubepods/…/pod<uid>}, a Podman pod's): their
 * usage and limits include every container of the pod. Read whole at each tick while the "pod"
 * grouping shows them, through descriptors kept open; a cgroup no listed container names any more
 * is closed at that tick. Confined to the sampling thread, as the sampler is.
 */
final class PodCgroups {

    private final Cgroup cgroup;
    private final LongSupplier nanoTime;
    private final Map<String, Pod> pods = new HashMap<>();

    /** What is kept of one pod cgroup between ticks: its reader, and its CPU time when last read. */
    private static final class Pod {
        final CgroupReader reader;
        Long cpu;
        long nanos;
        boolean seen;

        Pod(CgroupReader reader) {
            this.reader = reader;
        }
    }

    PodCgroups(Cgroup cgroup, LongSupplier nanoTime) {
        this.cgroup = cgroup;
        this.nanoTime = nanoTime;
    }

    /** The figures of the pod cgroups these containers name, by path; a cgroup that is gone is left out. */
    Map<String, Sample> read(List<Container> containers) {
        Map<String, Sample> out = new LinkedHashMap<>();
        for (Container c : containers) {
            String path = Groups.podCgroup(c);
            if (path == null || out.containsKey(path)) {
                continue;
            }
            Pod p = pods.computeIfAbsent(path, x -> new Pod(cgroup.reader(x)));
            p.seen = true;
            long at = nanoTime.getAsLong();
            CgroupStats s = p.reader.read(true, true);
            if (s == null) {
                continue;
            }
            Double cpuPercent = p.cpu == null ? null
                    : Sampler.rate(p.cpu, s.cpuUsageNanos(), (at - p.nanos) / 1e9, 1e-7);
            p.cpu = s.cpuUsageNanos();
            p.nanos = at;
            out.put(path, Sampler.cgroupFigures(Sample.builder(), s, cpuPercent).build());
        }
        for (Iterator<Pod> it = pods.values().iterator(); it.hasNext(); ) {
            Pod p = it.next();
            if (!p.seen) {
                p.reader.close();
                it.remove();
            }
            p.seen = false;
        }
        return out;
    }

    /** Closes every reader: the grouping that shows them is off. */
    void close() {
        pods.values().forEach(p -> p.reader.close());
        pods.clear();
    }
}
