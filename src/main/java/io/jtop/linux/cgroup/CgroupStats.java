package io.jtop.linux.cgroup;

/**
 * Raw counters and gauges of one cgroup at one instant, in kernel units converted to bytes and
 * nanoseconds. Null means the kernel does not provide the figure here (controller not enabled,
 * file missing, unreadable or malformed).
 *
 * @param cpuUsageNanos        total CPU time used (v1 {@code cpuacct.usage}, v2 {@code cpu.stat usage_usec})
 * @param cpuPeriods           CFS periods elapsed with a quota set ({@code nr_periods})
 * @param cpuThrottledPeriods  periods in which the quota ran out ({@code nr_throttled})
 * @param cpuThrottledNanos    time spent throttled (v1 {@code throttled_time}, v2 {@code throttled_usec})
 * @param memoryUsage          charged memory including page cache (v1 {@code memory.usage_in_bytes}, v2 {@code memory.current})
 * @param memoryInactiveFile   inactive page cache (v1 {@code total_inactive_file}, v2 {@code inactive_file})
 * @param swapUsage            swap in use (v1 memsw usage − memory usage, v2 {@code memory.swap.current})
 * @param oomKills             processes killed by the OOM killer (v1 {@code memory.oom_control oom_kill}, v2 {@code memory.events oom_kill})
 * @param pidsCurrent          {@code pids.current}
 * @param ioReadBytes          bytes read from block devices (v1 blkio throttle service bytes, v2 {@code io.stat rbytes})
 * @param ioWriteBytes         bytes written to block devices
 * @param psiCpuSome10         share of the last 10 s in which some task waited for CPU, percent (v2, kernel ≥ 4.20 with PSI)
 * @param psiMemorySome10      same for memory
 * @param psiIoSome10          same for I/O
 * @param frozen               whether the freezer has stopped the cgroup
 * @param limits               the cgroup's limits
 * @param breakdown            its totals split, and the figures only exporters ask for (read with the full figures)
 */
public record CgroupStats(Long cpuUsageNanos, Long cpuPeriods, Long cpuThrottledPeriods, Long cpuThrottledNanos,
                          Long memoryUsage, Long memoryInactiveFile, Long swapUsage, Long oomKills,
                          Long pidsCurrent, Long ioReadBytes, Long ioWriteBytes,
                          Double psiCpuSome10, Double psiMemorySome10, Double psiIoSome10,
                          Boolean frozen, CgroupLimits limits, CgroupBreakdown breakdown) {

    /**
     * Working set as docker stats and cAdvisor define it: usage minus inactive file pages, never
     * below zero; null if usage is unknown.
     */
    public Long memoryWorkingSet() {
        if (memoryUsage == null) {
            return null;
        }
        long inactive = memoryInactiveFile == null ? 0 : memoryInactiveFile;
        return Math.max(0, memoryUsage - inactive);
    }
}
