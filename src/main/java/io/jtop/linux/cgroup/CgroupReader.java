package io.jtop.linux.cgroup;

/**
 * Reads one cgroup again and again through descriptors kept open: the sampler holds one per
 * container. Not for concurrent use.
 */
public interface CgroupReader extends AutoCloseable {

    /**
     * Reads the cgroup. The counters every view needs (CPU time and throttling, memory usage and
     * its page cache, pids) are read each time; the figures that change slowly or cost more
     * (limits, swap, OOM kills, block I/O, freezer, pressure) only when {@code full}, and otherwise
     * repeat the last full read. The first read is always full.
     *
     * @return the figures, or null when the cgroup is gone
     */
    CgroupStats read(boolean full);

    /** Closes the descriptors. */
    @Override
    void close();
}
