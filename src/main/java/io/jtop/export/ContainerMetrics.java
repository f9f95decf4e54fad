package io.jtop.export;

import io.jtop.container.Container;
import io.jtop.container.Sample;
import io.jtop.metrics.Snapshot;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * One snapshot of the host as Prometheus metric families, under cAdvisor's names, types, units and
 * labels, so that dashboards built on cAdvisor read jtop unchanged; jtop's own figures under
 * {@code jtop_}. Pure: the same snapshot gives the same families.
 *
 * <p>Counters are the cgroup's cumulative counts as the snapshot holds them, never rates, so they
 * only grow while the container lives. A figure the snapshot does not hold (the cgroup version
 * lacks it, or it was not readable) gives no series for that container rather than a zero, which a
 * counter could not take back. A container absent from the snapshot has no series at all.
 */
public final class ContainerMetrics {

    /** A family whose value, for a row, is one figure of its sample; null leaves the row out. */
    private record Figure(String name, String help, Unit unit, boolean counter, String[] extraNames,
                          String[] extraValues, Function<Snapshot.Row, Double> value) {
    }

    /**
     * A container's row and the labels of its series, made once per scrape: the client checks
     * and sorts the names of every label set it is given, which made for thousands of label sets
     * a scrape when each family made its own.
     */
    private record Series(Snapshot.Row row, Labels labels) {
    }

    private static final String[] NONE = {};

    private static final List<Figure> FIGURES = List.of(
            counter("container_cpu_usage_seconds", "CPU time the container's cgroup used, all CPUs together.",
                    Unit.SECONDS, new String[] {"cpu"}, new String[] {"total"}, s -> seconds(s.cpuUsageNanos())),
            counter("container_cpu_cfs_periods", "CFS enforcement periods that elapsed while the container was runnable.",
                    null, NONE, NONE, s -> number(s.cpuPeriods())),
            counter("container_cpu_cfs_throttled_periods", "CFS periods in which the container used up its quota.",
                    null, NONE, NONE, s -> number(s.cpuThrottledPeriods())),
            counter("container_cpu_cfs_throttled_seconds", "Time the container spent throttled by its CPU quota.",
                    Unit.SECONDS, NONE, NONE, s -> seconds(s.cpuThrottledNanos())),
            counter("container_oom_events", "Processes of the container that the kernel's OOM killer ended.",
                    null, NONE, NONE, s -> number(s.oomKills())),
            counter("container_cpu_user_seconds", "CPU time the container's cgroup used in user mode.",
                    Unit.SECONDS, NONE, NONE, s -> seconds(s.cpuUserNanos())),
            counter("container_cpu_system_seconds", "CPU time the container's cgroup used in the kernel.",
                    Unit.SECONDS, NONE, NONE, s -> seconds(s.cpuSystemNanos())),
            pressure("cpu", "CPU", "stalled", Sample::psiCpuFullMicros),
            pressure("cpu", "CPU", "waiting", Sample::psiCpuSomeMicros),
            pressure("memory", "memory", "stalled", Sample::psiMemoryFullMicros),
            pressure("memory", "memory", "waiting", Sample::psiMemorySomeMicros),
            pressure("io", "I/O", "stalled", Sample::psiIoFullMicros),
            pressure("io", "I/O", "waiting", Sample::psiIoSomeMicros),
            gauge("container_memory_working_set_bytes", "Memory in use that the kernel cannot drop at once: usage less inactive file pages.",
                    Unit.BYTES, s -> number(s.memoryWorkingSetBytes())),
            gauge("container_memory_usage_bytes", "Memory the cgroup charges, page cache included.",
                    Unit.BYTES, s -> number(s.memoryUsageBytes())),
            gauge("container_memory_swap", "Swap the container uses, in bytes.",
                    null, s -> number(s.swapBytes())),
            gauge("container_memory_rss", "Anonymous memory of the container, in bytes (v1 total_rss, v2 anon).",
                    null, s -> number(s.memoryRssBytes())),
            gauge("container_memory_cache", "Page cache charged to the container, in bytes (v1 total_cache, v2 file).",
                    null, s -> number(s.memoryCacheBytes())),
            gauge("container_spec_memory_limit_bytes", "The container's memory limit; 0 when it has none.",
                    Unit.BYTES, s -> s.memoryLimitBytes() == null ? 0.0 : s.memoryLimitBytes()),
            gauge("container_spec_cpu_quota", "CPU time the container may use per CFS period, in microseconds; absent without a quota.",
                    null, s -> number(s.cpuQuotaMicros())),
            gauge("container_spec_cpu_period", "The container's CFS period, in microseconds.",
                    null, s -> number(s.cpuPeriodMicros())),
            gauge("container_spec_cpu_shares", "The container's CPU shares (cgroup v2's weight as the shares it stands for).",
                    null, s -> number(shares(s))),
            gauge("container_threads", "Tasks (threads) in the container's cgroup.",
                    null, s -> number(s.pidsCurrent())),
            gauge("container_processes", "Processes (not threads) in the container's cgroup and those below it.",
                    null, s -> number(s.processes())),
            gauge("jtop_container_pids_limit", "Tasks the container's cgroup may hold; absent without a limit.",
                    null, s -> number(s.pidsLimit())));

    /** Families with one series per interface or device of a container. */
    private static final List<Split> SPLITS = List.of(
            network("receive_bytes", "Bytes received", Unit.BYTES, Sample.Interface::rxBytes),
            network("receive_packets", "Packets received", null, Sample.Interface::rxPackets),
            network("receive_errors", "Errors while receiving", null, Sample.Interface::rxErrors),
            network("receive_packets_dropped", "Packets dropped while receiving", null, Sample.Interface::rxDropped),
            network("transmit_bytes", "Bytes sent", Unit.BYTES, Sample.Interface::txBytes),
            network("transmit_packets", "Packets sent", null, Sample.Interface::txPackets),
            network("transmit_errors", "Errors while sending", null, Sample.Interface::txErrors),
            network("transmit_packets_dropped", "Packets dropped while sending", null, Sample.Interface::txDropped),
            new Split("container_fs_reads_bytes", "Bytes the container read from a block device.", Unit.BYTES,
                    "device", s -> devices(s, Sample.Device::readBytes)),
            new Split("container_fs_writes_bytes", "Bytes the container wrote to a block device.", Unit.BYTES,
                    "device", s -> devices(s, Sample.Device::writeBytes)));

    /** A counter family with one series per item (interface, device) of each container, the item in {@code label}. */
    private record Split(String name, String help, Unit unit, String label, Function<Sample, List<Point>> points) {
    }

    /** One item's value. */
    private record Point(String item, double value) {
    }

    private ContainerMetrics() {
    }

    /**
     * The families of one snapshot, on a host with {@code cores} CPUs and {@code memoryBytes} of
     * memory (each 0 when unknown).
     */
    public static MetricSnapshots of(Snapshot snapshot, int cores, long memoryBytes) {
        List<Series> rows = distinct(snapshot.rows());
        List<MetricSnapshot> families = new ArrayList<>();
        for (Figure f : FIGURES) {
            families.add(f.counter() ? counterFamily(f, rows) : gaugeFamily(f, rows));
        }
        for (Split split : SPLITS) {
            families.add(splitFamily(split, rows));
        }
        families.add(gauges("container_start_time_seconds", "When the container's init process started, in seconds since the epoch.",
                Unit.SECONDS, rows, r -> r.container().startedAt() == null ? null
                        : r.container().startedAt().toEpochMilli() / 1000.0));
        double seen = snapshot.time().toEpochMilli() / 1000.0;
        families.add(gauges("container_last_seen", "When jtop last read the container, in seconds since the epoch.",
                null, rows, r -> seen));
        families.add(containerInfo(rows));
        families.add(hostNamespaces(rows));
        families.add(machine("machine_cpu_cores", "CPUs online on the host.", null, cores));
        families.add(machine("machine_memory_bytes", "Memory installed on the host.", Unit.BYTES, memoryBytes));
        return new MetricSnapshots(families);
    }

    /**
     * The rows with a cgroup with their labels, one per label set: a series is named by its
     * labels, and two rows with the same (a container listed twice while it moves between
     * backends) would be one series with two values, which the exposition refuses.
     */
    private static List<Series> distinct(List<Snapshot.Row> rows) {
        Set<Labels> seen = new HashSet<>();
        List<Series> kept = new ArrayList<>();
        for (Snapshot.Row r : rows) {
            if (r.container().cgroup() == null || r.sample() == null) {
                continue;
            }
            Labels labels = SeriesLabels.of(r.container());
            if (seen.add(labels)) {
                kept.add(new Series(r, labels));
            }
        }
        return kept;
    }

    private static CounterSnapshot counterFamily(Figure f, List<Series> rows) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(f.name()).help(f.help());
        if (f.unit() != null) {
            b.unit(f.unit());
        }
        for (Series r : rows) {
            Double v = f.value().apply(r.row());
            if (v != null) {
                b.dataPoint(CounterDataPointSnapshot.builder().labels(labels(r, f)).value(v).build());
            }
        }
        return b.build();
    }

    /** A split family: a row without the items (unread, or the host's network) has no series. */
    private static CounterSnapshot splitFamily(Split split, List<Series> rows) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(split.name()).help(split.help());
        if (split.unit() != null) {
            b.unit(split.unit());
        }
        for (Series r : rows) {
            List<Point> points = split.points().apply(r.row().sample());
            if (points == null) {
                continue;
            }
            Set<String> seen = new HashSet<>();
            for (Point p : points) {
                if (seen.add(p.item())) {
                    b.dataPoint(CounterDataPointSnapshot.builder()
                            .labels(r.labels().add(split.label(), SeriesLabels.value(p.item())))
                            .value(p.value()).build());
                }
            }
        }
        return b.build();
    }

    private static Split network(String what, String help, Unit unit, ToLongFunction<Sample.Interface> value) {
        return new Split("container_network_" + what, help + " on one of the container's interfaces (not loopback).",
                unit, "interface", s -> points(s.netInterfaces(), Sample.Interface::name, value));
    }

    private static List<Point> devices(Sample s, ToLongFunction<Sample.Device> value) {
        return points(s.ioDevices(), Sample.Device::name, value);
    }

    /** Each item's point; null when the items were not read. */
    private static <T> List<Point> points(List<T> items, Function<T, String> name, ToLongFunction<T> value) {
        if (items == null) {
            return null;
        }
        List<Point> out = new ArrayList<>(items.size());
        for (T item : items) {
            out.add(new Point(name.apply(item), value.applyAsLong(item)));
        }
        return out;
    }

    /**
     * {@code container_pressure_<resource>_<stalled|waiting>_seconds_total}: cAdvisor's names for
     * the PSI totals, "waiting" the {@code some} line, "stalled" the {@code full} line.
     */
    private static Figure pressure(String resource, String shown, String kind, Function<Sample, Long> micros) {
        String help = kind.equals("waiting") ? "Time some task of the container waited for " + shown + " (PSI some)."
                : "Time every task of the container stalled waiting for " + shown + " (PSI full).";
        return counter("container_pressure_" + resource + "_" + kind + "_seconds", help, Unit.SECONDS, NONE, NONE,
                s -> {
                    Long v = micros.apply(s);
                    return v == null ? null : v / 1e6;
                });
    }

    private static GaugeSnapshot gaugeFamily(Figure f, List<Series> rows) {
        return gauges(f.name(), f.help(), f.unit(), rows, r -> f.value().apply(r));
    }

    private static GaugeSnapshot gauges(String name, String help, Unit unit, List<Series> rows,
                                        Function<Snapshot.Row, Double> value) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        if (unit != null) {
            b.unit(unit);
        }
        for (Series r : rows) {
            Double v = value.apply(r.row());
            if (v != null) {
                b.dataPoint(GaugeDataPointSnapshot.builder().labels(r.labels()).value(v).build());
            }
        }
        return b.build();
    }

    /** A host-wide figure: one series without labels, none when the host did not tell it (0). */
    private static GaugeSnapshot machine(String name, String help, Unit unit, long value) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        if (unit != null) {
            b.unit(unit);
        }
        if (value > 0) {
            b.dataPoint(GaugeDataPointSnapshot.builder().value(value).build());
        }
        return b.build();
    }

    /** {@code jtop_container_info}: one series per container, its runtime and state as labels. */
    private static InfoSnapshot containerInfo(List<Series> rows) {
        InfoSnapshot.Builder b = InfoSnapshot.builder().name("jtop_container")
                .help("The runtime that made the container and its state.");
        for (Series r : rows) {
            Container c = r.row().container();
            b.dataPoint(InfoDataPointSnapshot.builder().labels(r.labels()
                    .add("runtime", SeriesLabels.value(c.runtime().label()))
                    .add("state", c.state().label())).build());
        }
        return b.build();
    }

    /**
     * {@code jtop_container_host_namespace_info}: one series per namespace a container shares with
     * the host (pid, net, ipc, uts), none for a container that shares none or whose namespaces
     * were not read.
     */
    private static InfoSnapshot hostNamespaces(List<Series> rows) {
        InfoSnapshot.Builder b = InfoSnapshot.builder().name("jtop_container_host_namespace")
                .help("A namespace the container shares with the host.");
        for (Series r : rows) {
            List<String> shared = r.row().sample().hostNamespaces();
            if (shared == null) {
                continue;
            }
            for (String ns : new LinkedHashSet<>(shared)) {
                b.dataPoint(InfoDataPointSnapshot.builder()
                        .labels(r.labels().add("host_namespace", SeriesLabels.value(ns))).build());
            }
        }
        return b.build();
    }

    private static Labels labels(Series r, Figure f) {
        return f.extraNames().length == 0 ? r.labels() : r.labels().merge(f.extraNames(), f.extraValues());
    }

    private static Figure counter(String name, String help, Unit unit, String[] extraNames, String[] extraValues,
                                  Function<Sample, Double> value) {
        return new Figure(name, help, unit, true, extraNames, extraValues, r -> value.apply(r.sample()));
    }

    private static Figure gauge(String name, String help, Unit unit, Function<Sample, Double> value) {
        return new Figure(name, help, unit, false, NONE, NONE, r -> value.apply(r.sample()));
    }

    private static Double number(Long v) {
        return v == null ? null : v.doubleValue();
    }

    private static Double seconds(Long nanos) {
        return nanos == null ? null : nanos / 1e9;
    }

    /**
     * CPU shares: cgroup v1's own, or v2's weight (1..10000) taken back to the shares (2..262144)
     * that runc and the kubelet turn into that weight.
     */
    static Long shares(Sample s) {
        if (s.cpuShares() != null) {
            return s.cpuShares();
        }
        if (s.cpuWeight() == null) {
            return null;
        }
        return 2 + (s.cpuWeight() - 1) * 262142 / 9999;
    }
}
