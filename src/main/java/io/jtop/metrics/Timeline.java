package io.jtop.metrics;

import io.jtop.container.Container;
import io.jtop.container.ContainerEvent;
import io.jtop.container.ContainerState;
import io.jtop.container.EventLog;
import io.jtop.container.Sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What jtop saw happen to each container while it ran, turned from its snapshots into events
 * ({@code jtop} is their source): started, restarted, stopped, paused, resumed, OOM kill, at its
 * pids limit, throttling began and ended. It reads nothing: it compares each row with what the
 * container's last row showed, so it costs a map look-up and a few comparisons per row per tick.
 *
 * <p>What it can tell, and what not:
 * <ul>
 *   <li>Start and exit times are the runtime's ({@link Container#startedAt}, {@link Container#finishedAt})
 *       when it tells them, else the snapshot's. A container seen for the first time has what its
 *       record tells ({@link #fromRecord}, source {@code runtime}): jtop did not see that start. A restart is a new start time; a stop between two ticks may be
 *       missed, the restart is not.</li>
 *   <li>OOM kills: the cgroup's counter grew between two reads (it is read at full reads).</li>
 *   <li>Throttling began when the throttled-periods counter moved, and ended at a read where the
 *       periods counter moved but that one did not: it ran without being throttled. A container
 *       that went idle while throttled shows the end only when it runs again or stops.</li>
 *   <li>"At its pids limit" is inferred for every row from pids current = pids.max, which misses a
 *       fork refused between two ticks; {@link #pidsRefused} records the kernel's own count of
 *       refused forks ({@code pids.events}), which the detail view reads for the open container.</li>
 * </ul>
 *
 * <p>A container absent from {@link #FORGET_AFTER} snapshots in a row is forgotten, events and all:
 * a container whose cgroup is gone can miss a snapshot or two before its backend lists it exited.
 *
 * <p>Thread-safety: {@link #add} runs on the sampling thread, {@link #events} on any; the state
 * is guarded by this object's lock, the events by the {@link EventLog}'s.
 */
public final class Timeline {

    /** Snapshots a container may be absent from before it is forgotten. */
    static final int FORGET_AFTER = 300;
    static final String SOURCE = "jtop";
    /** The actions of the lifecycle, as this timeline and {@link #fromRecord} name them. */
    private static final Set<String> LIFECYCLE = Set.of("started", "restarted", "stopped", "exited", "paused",
            "resumed");

    private final EventLog log;
    private final Map<String, Seen> seen = new HashMap<>();
    private long snapshots;

    public Timeline() {
        this(new EventLog());
    }

    public Timeline(EventLog log) {
        this.log = log;
    }

    /** What the last row of one container showed. */
    private static final class Seen {
        ContainerState state;
        Instant startedAt;
        Long oomKills;
        Long periods;
        Long throttled;
        boolean throttling;
        boolean atPidsLimit;
        Long pidsRefused;
        long listedAt;
    }

    /** Records what changed since each container's last row. */
    public synchronized void add(Snapshot s) {
        long snapshot = ++snapshots;
        Instant now = s.time();
        for (Snapshot.Row row : s.rows()) {
            Container c = row.container();
            Seen before = seen.get(c.id());
            if (before == null) {
                before = new Seen();
                seen.put(c.id(), before);
                first(c);
            } else {
                lifecycle(c, before, now);
            }
            before.state = c.state();
            before.startedAt = c.startedAt() != null ? c.startedAt() : before.startedAt;
            before.listedAt = snapshot;
            if (row.sample() != null) {
                figures(c.id(), row.sample(), before, now);
            }
        }
        for (Iterator<Map.Entry<String, Seen>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Seen> e = it.next();
            if (snapshot - e.getValue().listedAt > FORGET_AFTER) {
                log.forget(e.getKey());
                it.remove();
            }
        }
    }

    /**
     * Records the kernel's count of forks refused at the pids limit ({@code pids.events} {@code max}),
     * read at {@code time}: an event when it grew since its last reading.
     */
    public synchronized void pidsRefused(String id, Instant time, Long refused) {
        Seen before = seen.get(id);
        if (before == null || refused == null) {
            return;
        }
        if (before.pidsRefused != null && refused > before.pidsRefused) {
            add(id, time, "pids limit hit", "the kernel refused new processes (pids.events)");
        }
        before.pidsRefused = refused;
    }

    /**
     * Leaves out the start, stop, restart, pause and resume jtop saw: for a container whose
     * engine tells them itself, with exact times and its own words (Docker's {@code die}).
     */
    public static List<ContainerEvent> withoutLifecycle(List<ContainerEvent> events) {
        List<ContainerEvent> out = new ArrayList<>(events.size());
        for (ContainerEvent e : events) {
            if (!LIFECYCLE.contains(e.action())) {
                out.add(e);
            }
        }
        return out;
    }

    /** One container's events, oldest first. */
    public List<ContainerEvent> events(String id) {
        return log.of(id);
    }

    /**
     * What a container's own record tells without a session: when it started and when it exited
     * (jtop's runtime and the engines keep both), oldest first. For one-shot commands.
     */
    public static List<ContainerEvent> fromRecord(Container c) {
        List<ContainerEvent> out = new ArrayList<>();
        if (c.startedAt() != null) {
            out.add(new ContainerEvent(c.startedAt(), "runtime", "started", "last start"));
        }
        if (c.state() == ContainerState.EXITED && c.finishedAt() != null
                && (c.startedAt() == null || !c.finishedAt().isBefore(c.startedAt()))) {
            out.add(new ContainerEvent(c.finishedAt(), "runtime", "exited", exit(c)));
        }
        return out;
    }

    /**
     * One timeline of several sources' events, oldest first: an event told twice (the engine's
     * past events and its stream overlap) is kept once, and a run of repeats merges into one.
     */
    @SafeVarargs
    public static List<ContainerEvent> merge(List<ContainerEvent>... sources) {
        List<ContainerEvent> all = new ArrayList<>();
        for (List<ContainerEvent> s : sources) {
            all.addAll(s);
        }
        all.sort(Comparator.comparing(ContainerEvent::time)); // stable: a source's order stands at equal times
        List<ContainerEvent> out = new ArrayList<>(all.size());
        Set<ContainerEvent> seen = new HashSet<>();
        for (ContainerEvent e : all) {
            if (!seen.add(e)) {
                continue;
            }
            int last = out.size() - 1;
            if (last >= 0 && out.get(last).repeatedBy(e)) {
                out.set(last, out.get(last).mergedWith(e));
            } else {
                out.add(e);
            }
        }
        return out;
    }

    /** A container seen for the first time: what its record tells of its last run (jtop did not see it start). */
    private void first(Container c) {
        for (ContainerEvent e : fromRecord(c)) {
            log.add(c.id(), e);
        }
    }

    private void lifecycle(Container c, Seen before, Instant now) {
        boolean wasUp = up(before.state);
        boolean isUp = up(c.state());
        boolean restarted = c.startedAt() != null && before.startedAt != null
                && !c.startedAt().equals(before.startedAt);
        if (wasUp && (!isUp || restarted)) {
            // Stopped: at the runtime's exit time when it tells it, else when jtop saw it.
            Instant at = c.finishedAt() != null && !isUp ? c.finishedAt() : now;
            add(c.id(), restarted && isUp ? c.startedAt() : at, "stopped",
                    isUp ? "between two ticks" : exit(c));
            before.throttling = false;
            before.atPidsLimit = false;
        }
        if (isUp && (!wasUp || restarted)) {
            add(c.id(), c.startedAt() != null ? c.startedAt() : now, restarted ? "restarted" : "started", "");
        }
        if (before.state == ContainerState.RUNNING && c.state() == ContainerState.PAUSED) {
            add(c.id(), now, "paused", "");
        } else if (before.state == ContainerState.PAUSED && c.state() == ContainerState.RUNNING) {
            add(c.id(), now, "resumed", "");
        }
    }

    private void figures(String id, Sample s, Seen before, Instant now) {
        if (s.oomKills() != null) {
            if (before.oomKills != null && s.oomKills() > before.oomKills) {
                add(id, now, "OOM kill", "the kernel killed " + (s.oomKills() - before.oomKills)
                        + " process(es) at its memory limit" + limit(s.memoryLimitBytes()));
            }
            before.oomKills = s.oomKills();
        }
        Long periods = s.cpuPeriods();
        Long throttled = s.cpuThrottledPeriods();
        if (periods != null && throttled != null && before.periods != null && before.throttled != null) {
            if (throttled > before.throttled && !before.throttling) {
                before.throttling = true;
                add(id, now, "throttling began", quota(s));
            } else if (throttled.equals(before.throttled) && periods > before.periods && before.throttling) {
                before.throttling = false;
                add(id, now, "throttling ended", "it ran " + (periods - before.periods) + " period(s) unthrottled");
            }
        }
        if (periods != null) {
            before.periods = periods;
            before.throttled = throttled;
        }
        boolean atLimit = s.pidsLimit() != null && s.pidsCurrent() != null && s.pidsCurrent() >= s.pidsLimit();
        if (atLimit && !before.atPidsLimit && before.pidsRefused == null) { // the kernel's count, where read, says better
            add(id, now, "at its pids limit", s.pidsCurrent() + " of " + s.pidsLimit() + ": new forks fail");
        }
        before.atPidsLimit = atLimit;
    }

    private void add(String id, Instant time, String action, String detail) {
        log.add(id, new ContainerEvent(time, SOURCE, action, detail));
    }

    private static boolean up(ContainerState state) {
        return state == ContainerState.RUNNING || state == ContainerState.PAUSED;
    }

    private static String exit(Container c) {
        if (c.exitCode() == null) {
            return "";
        }
        return "exit code " + c.exitCode() + (c.oomKilled() ? ", OOM-killed" : "");
    }

    private static String limit(Long bytes) {
        return bytes == null ? "" : " (" + bytes / (1024 * 1024) + " MiB)";
    }

    private static String quota(Sample s) {
        Double cpus = s.cpuLimit();
        return cpus == null ? "" : "CPU limit " + Objects.toString(Math.round(cpus * 100) / 100.0) + " core(s)";
    }
}
