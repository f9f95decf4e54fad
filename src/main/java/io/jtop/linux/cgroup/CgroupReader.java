package io.jtop.linux.cgroup;

/**
 * Reads one cgroup again and again through descriptors kept open: the sampler holds one per
 * container. Not for concurrent use.
 */
public interface CgroupReader extends AutoCloseable {

    /**
     * Reads the cgroup. The counters every view needs (CPU time, memory usage, pids) are read each
     * time; the figures that cost more (swap, OOM kills, block I/O, freezer, pressure, v1
     * throttling) only when {@code full}, and the limits, which change rarely, only when
     * {@code limits}; the rest repeat the last read of them. The first read reads everything.
     * The CPU time is read first, so that a clock read just before the call dates it (the
     * sampler's rates are over each cgroup's own interval). How much to read is the caller's
     * choice (the sampler's {@code ReadPlan}).
     *
     * @return the figures, or null when the cgroup is gone
     */
    CgroupStats read(boolean full, boolean limits);

    /**
     * A read of the counters alone ({@code read(false, false)}) that stops once it has the CPU
     * time and the pids count if both equal those of {@code still}, and then returns
     * {@code still} itself, nothing else read. What counters that held still say of the rest is
     * the caller's judgement; a reader that cannot stop early reads on.
     *
     * @param still figures this reader returned before, or null to read on whatever the counters say
     */
    default CgroupStats readUnlessStill(CgroupStats still) {
        return read(false, false);
    }

    /**
     * A full read ({@code read(true, false)}) that, when the CPU time and the pids count equal
     * those of {@code still}, reads only what can move while the cgroup runs nothing: memory usage
     * and swap (the kernel reclaims from an idle cgroup), {@code memory.stat} if usage moved,
     * pressure (a task blocked on I/O waits without running), the freezer state (written from
     * outside) and v2's {@code io.stat} (the flusher's writeback is charged to the cgroup that
     * dirtied the pages). What only moves while it runs keeps {@code still}'s figures: throttling,
     * user and system time, OOM kills (its own allocation), v1 block I/O (counted as its tasks
     * submit it) and its processes (forks and exits run in it). For {@code jtop serve}: every
     * figure is the kernel's at the read, and an idle cgroup costs half its files.
     *
     * @param still figures this reader returned at a full read before, or null to read everything
     */
    default CgroupStats readFullUnlessStill(CgroupStats still) {
        return read(true, false);
    }

    /**
     * The CPU time of the cgroup and everything under it (ns), alone: one read. The sampler reads
     * it for the parent of several containers, whose unchanged figure says none of them ran.
     *
     * @return the counter, or null when it cannot be read
     */
    Long cpuUsageNanos();

    /** Reads everything. */
    default CgroupStats read() {
        return read(true, true);
    }

    /** Closes the descriptors. */
    @Override
    void close();
}
