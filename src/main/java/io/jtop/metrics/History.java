package io.jtop.metrics;

import io.jtop.container.Sample;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The session's history of CPU, memory and pids per container, for the detail view's graphs: the
 * last {@code capacity} points of each container, in primitive ring buffers (about 32 bytes a
 * point, so 600 points of 100 containers take under 2 MB).
 *
 * <p>A point is added for every row of a snapshot that has a {@link Sample}; a row without one
 * (an exited container) adds nothing and keeps what was recorded. A container absent from a
 * snapshot is forgotten, so a container that comes back starts a new history.
 *
 * <p>Thread-safety: {@link #add} runs on the sampling thread and {@link #series} on any other; both
 * take this object's lock, and {@code series} copies one container's arrays under it, which costs
 * a few microseconds for 600 points. Nothing handed out is shared with the buffers.
 */
public final class History {

    /** Ten minutes at one sample a second. */
    public static final int DEFAULT_CAPACITY = 600;

    private final int capacity;
    private final Map<String, Ring> rings = new HashMap<>();

    /** Snapshots added so far; each ring holds the number of the last one that listed its container. */
    private long snapshots;

    public History() {
        this(DEFAULT_CAPACITY);
    }

    public History(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * One container's recorded history, oldest point first. Gaps (a figure the sampler did not
     * have at that tick, e.g. CPU % on a container's first tick) are {@code NaN} in
     * {@code cpuPercent} and {@code -1} in {@code memoryBytes} and {@code pids}.
     *
     * <p>Immutable: each array accessor returns a fresh copy, so read it once into a local.
     * Equality is the default of records, by array identity.
     *
     * @param epochMillis         when each point was sampled (the snapshot's time)
     * @param cpuPercent          CPU %, one busy core = 100
     * @param memoryBytes         memory working set
     * @param pids                processes and threads in the cgroup
     * @param memoryLimit         latest memory limit, null when unlimited or unknown
     * @param pidsLimit           latest pids limit, null when unlimited or unknown
     * @param cpuPeriods          latest count of CFS periods, null when unknown
     * @param cpuThrottledPeriods latest count of periods in which the cgroup was throttled
     * @param cpuThrottledNanos   latest total time spent throttled
     * @param oomKills            latest OOM kill counter of the cgroup, null when unknown
     * @param oomKillsSeen        times of the snapshots at which the OOM kill counter had grown
     *                            since the previous one (kills before the session are not in
     *                            it), oldest first, at most {@code capacity} of them
     */
    public record Series(long[] epochMillis, double[] cpuPercent, long[] memoryBytes, long[] pids,
                         Long memoryLimit, Long pidsLimit, Long cpuPeriods, Long cpuThrottledPeriods,
                         Long cpuThrottledNanos, Long oomKills, List<Instant> oomKillsSeen) {

        public Series {
            epochMillis = epochMillis.clone();
            cpuPercent = cpuPercent.clone();
            memoryBytes = memoryBytes.clone();
            pids = pids.clone();
            oomKillsSeen = List.copyOf(oomKillsSeen);
        }

        /** The number of points. */
        public int size() {
            return epochMillis.length;
        }

        @Override
        public long[] epochMillis() {
            return epochMillis.clone();
        }

        @Override
        public double[] cpuPercent() {
            return cpuPercent.clone();
        }

        @Override
        public long[] memoryBytes() {
            return memoryBytes.clone();
        }

        @Override
        public long[] pids() {
            return pids.clone();
        }
    }

    /** Records the snapshot's figures; forgets the containers it does not list. */
    public synchronized void add(Snapshot s) {
        long millis = s.time().toEpochMilli();
        long snapshot = ++snapshots;
        int listed = 0;
        for (Snapshot.Row row : s.rows()) {
            String id = row.container().id();
            Ring r = rings.get(id);
            Sample sample = row.sample();
            if (sample != null) {
                if (r == null) {
                    r = new Ring(capacity);
                    rings.put(id, r);
                }
                r.add(millis, s.time(), sample);
            }
            if (r != null && r.listedAt != snapshot) {
                r.listedAt = snapshot;
                listed++;
            }
        }
        if (listed < rings.size()) {
            // Some were not listed: forget them. (Only then: this runs every tick for every container.)
            rings.values().removeIf(r -> r.listedAt != snapshot);
        }
    }

    /** The history of one container, or null if the last snapshot did not list it or it never had figures. */
    public synchronized Series series(String id) {
        Ring r = rings.get(id);
        return r == null ? null : r.series();
    }

    /** One container's points and latest figures. Guarded by the History's lock. */
    private static final class Ring {
        final long[] epochMillis;
        final double[] cpu;
        final long[] memory;
        final long[] pids;
        /** Index of the next write; the oldest point once the ring is full. */
        int next;
        /** The last snapshot that listed the container. */
        long listedAt;
        int size;
        Sample latest;
        /** The last OOM kill counter the sampler could read, to compare the next one with. */
        Long oomKills;
        final ArrayDeque<Instant> oomKillsSeen = new ArrayDeque<>();

        Ring(int capacity) {
            epochMillis = new long[capacity];
            cpu = new double[capacity];
            memory = new long[capacity];
            pids = new long[capacity];
        }

        void add(long millis, Instant time, Sample s) {
            epochMillis[next] = millis;
            cpu[next] = s.cpuPercent() == null ? Double.NaN : s.cpuPercent();
            memory[next] = s.memoryWorkingSetBytes() == null ? -1 : s.memoryWorkingSetBytes();
            pids[next] = s.pidsCurrent() == null ? -1 : s.pidsCurrent();
            next = (next + 1) % cpu.length;
            size = Math.min(size + 1, cpu.length);
            latest = s;
            if (s.oomKills() != null) {
                if (oomKills != null && s.oomKills() > oomKills) {
                    if (oomKillsSeen.size() == cpu.length) {
                        oomKillsSeen.removeFirst(); // a container OOM-killed in a loop
                    }
                    oomKillsSeen.addLast(time);
                }
                oomKills = s.oomKills();
            }
        }

        Series series() {
            int oldest = size < cpu.length ? 0 : next;
            return new Series(unroll(epochMillis, new long[size], oldest), unroll(cpu, new double[size], oldest),
                    unroll(memory, new long[size], oldest), unroll(pids, new long[size], oldest),
                    latest.memoryLimitBytes(), latest.pidsLimit(), latest.cpuPeriods(), latest.cpuThrottledPeriods(),
                    latest.cpuThrottledNanos(), oomKills, List.copyOf(oomKillsSeen));
        }

        /** Copies the ring's points into {@code out}, a fresh array of {@code size}, oldest first. */
        private <T> T unroll(Object ring, T out, int oldest) {
            int first = Math.min(size, cpu.length - oldest);
            System.arraycopy(ring, oldest, out, 0, first);
            System.arraycopy(ring, 0, out, first, size - first);
            return out;
        }
    }
}
