package io.jtop.metrics;

import io.jtop.container.ContainerState;
import io.jtop.linux.cgroup.Cgroup;
import io.jtop.linux.cgroup.CgroupReader;
import io.jtop.linux.cgroup.CgroupStats;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The one place that decides how much of a container's cgroup the sampler reads at a tick, and
 * when it reads none of it; the cgroup readers read what they are told. One plan per container:
 *
 * <ul>
 *   <li><b>Everything</b> ({@link Read#ALL}: counters, the full figures, the limits) at its first
 *       read, after {@link Sampler#refresh}, when its backend lists it in another state than at its
 *       last read, and every {@code fullEvery × LIMITS_PER_FULL} ticks: limits change rarely, and
 *       an action refreshes them.</li>
 *   <li><b>Full</b> ({@link Read#FULL}: swap, OOM kills, block I/O, freezer, pressure, v1
 *       throttling; the sampler adds the init's network counters, and its namespaces and
 *       capabilities until two reads of them agree, then only with the limits)
 *       every {@code fullEvery} ticks, staggered by the container's phase so each tick does an equal
 *       share — but a container that ran nothing since its last full read (its parent's CPU time
 *       stands still and so does its own) gets only every {@code IDLE_FULLS}th of them: throttling,
 *       OOM kills and block I/O only move while it runs. What can move without it (network
 *       received, memory reclaimed, a freezer written by hand) shows within that many full
 *       reads.</li>
 *   <li><b>Fresh at every tick</b> ({@link Read#FRESH}) with {@code fullEvery}
 *       {@link Sampler#EXACT} ({@code jtop serve}): each scrape's figures are the kernel's at that
 *       scrape, none kept from an earlier one, whatever the container did since. Of a container
 *       that ran nothing since its last read (its CPU time and pids count say so, read first) only
 *       what something outside it can move is read again (memory, swap, pressure, freezer, v2
 *       block I/O): the rest cannot have moved. The limits, and the namespaces and capabilities of
 *       an init whose last two reads agreed, are read at every {@value #LIMITS_PER_FULL}th scrape,
 *       as if {@code fullEvery} were 1. Reading those at every scrape as well cost as much again as
 *       everything else.</li>
 *   <li><b>Nothing</b> ({@link Read#SKIP}) at any other tick while its parent cgroup ran nothing:
 *       the cgroup above containers (e.g. {@code /docker}, {@code /jtop}) counts their CPU time,
 *       so one read of it spares a read of each. Its last figures stand, dated by the parent's
 *       read. Idle hosts with hundreds of containers are the common case this serves.</li>
 *   <li><b>Counters</b> ({@link Read#COUNTERS}: CPU time, pids, memory) otherwise, stopping at the
 *       CPU time and the pids count when both are as at its last read: a cgroup whose CPU time did
 *       not move ran no code since, so nothing in it allocated memory and its last memory figures
 *       stand. (Its processes can still go, killed before they ran again, hence the pids count:
 *       an emptied container drops out at once.) What the kernel does to an idle cgroup from
 *       outside (reclaiming its page cache) shows at its next full read.</li>
 * </ul>
 *
 * <p>Inside a counters read, the reader itself re-reads {@code memory.stat} only when memory
 * usage moved by a MiB (see {@code AbstractCgroup.InactiveFile}): that choice needs the usage
 * figure read a moment before, in the same read. A full read always reads it.
 *
 * <p>A plan is read by one thread at a time: the sampling thread, or with
 * {@link Sampler#readInParallel} one of the pool's, each tick's reads ending before the sampler
 * goes on. The parent cgroup siblings share is read under its lock.
 */
final class ReadPlan {

    /** Limits are read at every 6th full read. */
    static final int LIMITS_PER_FULL = 6;

    /** A container that ran nothing since its last full read gets every 6th of its full reads. */
    static final int IDLE_FULLS = 6;

    private final CgroupReader reader;
    /** The cgroup above it, shared with its siblings; null under the root. */
    private final Parent parent;
    private final int phase;
    private final int fullEvery;
    /** Whether every tick reads everything ({@link Sampler#EXACT}). */
    private final boolean exact;
    private final LongSupplier nanoTime;
    /** Its parent's CPU time when its figures were last known to be current. */
    private Long parentCpu;
    /** Its CPU time at its last full read. */
    private Long cpuAtFull;
    /** The state its backend listed at its last read. */
    private ContainerState listedState;
    private Read planned;
    private long at;

    /** How much of a cgroup one tick reads. */
    enum Read {
        /** Nothing: its last figures stand. */
        SKIP,
        /** CPU time and pids, then memory unless those two are as at its last read. */
        COUNTERS,
        /** The counters and the full figures. */
        FULL,
        /**
         * The full figures, but of a cgroup whose CPU time and pids count are as at its last read
         * only those something outside it can move ({@code CgroupReader.readFullUnlessStill}).
         */
        FRESH,
        /** The counters, the full figures and the limits. */
        ALL
    }

    private ReadPlan(CgroupReader reader, Parent parent, int phase, int fullEvery, LongSupplier nanoTime) {
        this.reader = reader;
        this.parent = parent;
        this.phase = phase;
        this.exact = fullEvery == Sampler.EXACT;
        this.fullEvery = Math.max(1, fullEvery);
        this.nanoTime = nanoTime;
    }

    /**
     * Reads the cgroup at this tick as the rules say.
     *
     * @param forced whether everything must be read (its first read, or a refresh asked for)
     * @param state  the state its backend lists it in now
     * @param last   its figures as of its last read, null before the first
     * @return its figures, {@code last} itself when they stand; null when the cgroup is gone
     */
    CgroupStats read(long tick, boolean forced, ContainerState state, CgroupStats last) {
        planned = next(tick, forced, state, last);
        if (planned == Read.SKIP) {
            at = parent.nanos; // read after its parent: what it ran between the two shows at the next tick
            return last;
        }
        at = nanoTime.getAsLong(); // a reader reads the CPU time first
        CgroupStats s = switch (planned) {
            case COUNTERS -> reader.readUnlessStill(last);
            case FRESH -> reader.readFullUnlessStill(last);
            default -> reader.read(true, planned == Read.ALL);
        };
        if (s != null && planned != Read.COUNTERS) {
            cpuAtFull = s.cpuUsageNanos();
        }
        return s;
    }

    /** What this tick reads of it. */
    private Read next(long tick, boolean forced, ContainerState state, CgroupStats last) {
        Long cpuOfParent = parent == null ? null : parent.cpu(tick);
        boolean parentIdle = cpuOfParent != null && cpuOfParent.equals(parentCpu);
        parentCpu = cpuOfParent;
        forced |= state != listedState;
        listedState = state;
        long step = tick + phase;
        if (forced || step % ((long) fullEvery * LIMITS_PER_FULL) == 0) {
            return Read.ALL;
        }
        if (exact) {
            return Read.FRESH;
        }
        boolean idle = fullEvery > 1 && parentIdle && last != null
                && Objects.equals(cpuAtFull, last.cpuUsageNanos());
        if (step % fullEvery == 0 && (!idle || step / fullEvery % IDLE_FULLS == 0)) {
            return Read.FULL;
        }
        return parentIdle && last != null ? Read.SKIP : Read.COUNTERS;
    }

    /** Whether the last {@link #read} read the full figures: the sampler's I/O and network rates go with them. */
    boolean full() {
        return planned == Read.FULL || planned == Read.FRESH || planned == Read.ALL;
    }

    /** Whether the last {@link #read} read the limits too: what changes seldom goes with them. */
    boolean limits() {
        return planned == Read.ALL;
    }

    /** When the figures the last {@link #read} returned were read (the monotonic clock, ns). */
    long at() {
        return at;
    }

    /**
     * Reads everything once, so that its files are open and warm; what it reads is not kept, and
     * its next {@link #read} is still a first one (no state listed yet: everything read again).
     *
     * @return whether the cgroup is there
     */
    boolean warm() {
        return reader.read(true, true) != null;
    }

    void close() {
        reader.close();
    }

    /** The plans of one sampler's containers, and the parents they share. */
    static final class Plans {
        private final Cgroup cgroup;
        private final LongSupplier nanoTime;
        private final int fullEvery;
        private final Map<String, Parent> parents = new HashMap<>();
        private int nextPhase;
        /** Whether the containers' full reads read their breakdown too ({@link Cgroup#reader(String, boolean)}). */
        private boolean breakdown = true;

        Plans(Cgroup cgroup, LongSupplier nanoTime, int fullEvery) {
            this.cgroup = cgroup;
            this.nanoTime = nanoTime;
            this.fullEvery = fullEvery;
        }

        /** A plan for a container's cgroup: its reader, its phase and its parent. */
        ReadPlan of(String path) {
            return new ReadPlan(cgroup.reader(path, breakdown), parentOf(path), nextPhase++, fullEvery, nanoTime);
        }

        /** Whether the plans made from now on read their containers' breakdown. */
        void readBreakdown(boolean on) {
            breakdown = on;
        }

        /** The parent of a container's cgroup when it is worth reading (not the root, which is always busy). */
        private Parent parentOf(String path) {
            int slash = path.lastIndexOf('/');
            return slash <= 0 ? null
                    : parents.computeIfAbsent(path.substring(0, slash), dir -> new Parent(cgroup.reader(dir), nanoTime));
        }

        /** Closes the parents that no container asked about at this tick. */
        void sweep(long tick) {
            for (Iterator<Parent> it = parents.values().iterator(); it.hasNext(); ) {
                Parent gone = it.next();
                if (gone.tick != tick) {
                    gone.reader.close();
                    it.remove();
                }
            }
        }
    }

    /**
     * The cgroup above containers: its CPU time counts theirs, so while it stands still none of
     * them ran. Read once per tick, whoever asks first.
     */
    private static final class Parent {
        private final CgroupReader reader;
        private final LongSupplier nanoTime;
        private long tick = -1;
        private Long cpu;
        /** When {@link #cpu} was read: a container that ran nothing until then had its figures as of then. */
        private long nanos;

        Parent(CgroupReader reader, LongSupplier nanoTime) {
            this.reader = reader;
            this.nanoTime = nanoTime;
        }

        /** Its CPU time, read once per tick, whichever thread asks first ({@link Sampler#readInParallel}). */
        synchronized Long cpu(long now) {
            if (tick != now) {
                tick = now;
                nanos = nanoTime.getAsLong();
                cpu = reader.cpuUsageNanos();
            }
            return cpu;
        }
    }
}
