package io.jtop.metrics;

import io.jtop.container.Container;
import io.jtop.linux.cgroup.Cgroup;
import io.jtop.linux.proc.ProcFs;
import io.jtop.linux.proc.ProcStat;
import io.jtop.linux.proc.ProcStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The processes of one container with per-process figures, for the detail view's processes pane.
 *
 * <p>CPU % of a process is Δ(utime + stime) ÷ CLK_TCK ÷ Δ wall time × 100 between two calls, so
 * one busy core is 100, as top shows it; it is null on a process's first call. A pid is matched
 * with its previous reading only when its start time is the same, so a recycled pid starts
 * afresh, and a call forgets the pids it did not see.
 *
 * <p>Confined to the one thread that calls it (not the UI thread: a call reads three files per
 * process). Meant for one container at a time: calls for two containers in turn forget each
 * other's pids and never give a rate, so keep one instance per container shown.
 */
public final class ProcessSampler {

    /** Processes with a rate first, the busiest first; then by pid. */
    private static final Comparator<Row> ORDER = Comparator
            .comparing(Row::cpuPercent, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparingInt(Row::hostPid);

    private final Cgroup cgroup;
    private final ProcFs proc;
    private final ProcessNames names;
    private final LongSupplier nanoTime;
    private Map<Integer, Reading> previous = new HashMap<>();

    /**
     * One process.
     *
     * @param hostPid      pid as the host sees it
     * @param containerPid pid in the container's own pid namespace (last NSpid field), null before 4.1
     * @param user         the host's name of its real uid, else the number; null if unreadable
     * @param cpuPercent   CPU % since the previous call, null on the first call that sees it
     * @param rssBytes     resident set size
     * @param command      its command line joined by spaces, or {@code [comm]} when it has none
     */
    public record Row(int hostPid, Integer containerPid, String user, Double cpuPercent, long rssBytes,
                      String command) {
    }

    /** What a call keeps of a process for the next one, and when its stat was read. */
    private record Reading(long startTimeTicks, long cpuTicks, long nanos) {
    }

    /**
     * @param names    users' names, shared by the samplers of one {@link Inspector}
     * @param nanoTime a monotonic clock, {@code System::nanoTime} in production
     */
    ProcessSampler(ProcessNames names, Cgroup cgroup, ProcFs proc, LongSupplier nanoTime) {
        this.cgroup = cgroup;
        this.proc = proc;
        this.names = names;
        this.nanoTime = nanoTime;
    }

    /** The processes of the container's cgroup and its children; empty when it has no cgroup or it is gone. */
    public List<Row> sample(Container c) {
        return sample(c.cgroup() == null ? List.of() : cgroup.procs(c.cgroup()));
    }

    /** The given processes; those that have gone are skipped. */
    List<Row> sample(List<Integer> pids) {
        long hz = proc.clockTicks();
        long page = proc.pageSize();
        Map<Integer, Reading> readings = new HashMap<>();
        List<Row> rows = new ArrayList<>(pids.size());
        for (int pid : pids) {
            // Its own time: reading the processes before it (and their command lines) takes some.
            long at = nanoTime.getAsLong();
            ProcStat stat = proc.statOnce(pid);
            ProcStatus status = stat == null ? null : proc.status(pid);
            if (status == null) {
                continue; // exited while we looked
            }
            Reading current = new Reading(stat.startTimeTicks(), stat.utimeTicks() + stat.stimeTicks(), at);
            readings.put(pid, current);
            Reading before = previous.get(pid);
            double seconds = before == null ? 0 : (at - before.nanos()) / 1e9;
            Double cpu = before == null || before.startTimeTicks() != current.startTimeTicks() || seconds <= 0 ? null
                    : Math.max(0, current.cpuTicks() - before.cpuTicks()) / (double) hz / seconds * 100;
            int inner = status.innermostPid();
            rows.add(new Row(pid, inner < 0 ? null : inner, names.user(status.uid()), cpu, stat.rssPages() * page,
                    ProcessNames.command(proc.cmdline(pid), status.name())));
        }
        previous = readings;
        rows.sort(ORDER);
        return rows;
    }
}
