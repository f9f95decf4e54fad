package io.jtop.linux.cgroup;

import java.util.List;

/**
 * The figures of a cgroup that split its totals, or that only exporters ask for: CPU time by
 * mode, memory by kind, block I/O by device, its processes, and the pressure stall totals. Read
 * with the full figures ({@link CgroupReader#read}); null means not known here, as in
 * {@link CgroupStats}.
 *
 * @param cpuUserNanos   CPU time in user mode (v1 {@code cpuacct.stat user}, in USER_HZ ticks; v2 {@code cpu.stat user_usec})
 * @param cpuSystemNanos CPU time in the kernel (v1 {@code cpuacct.stat system}; v2 {@code system_usec})
 * @param memoryRss      anonymous memory (v1 {@code memory.stat total_rss}; v2 {@code anon}), as cAdvisor's rss
 * @param memoryCache    page cache (v1 {@code total_cache}; v2 {@code file}), as cAdvisor's cache
 * @param processes      processes (not threads) in the cgroup and the cgroups below it ({@code cgroup.procs})
 * @param devices        block I/O per device (v1 {@code blkio.throttle.io_service_bytes_recursive}, v2 {@code io.stat})
 * @param cpuPressure    {@code cpu.pressure} totals (v2, or v1 hybrid's unified hierarchy; kernel >= 4.20 with PSI)
 * @param memoryPressure {@code memory.pressure} totals
 * @param ioPressure     {@code io.pressure} totals
 */
public record CgroupBreakdown(Long cpuUserNanos, Long cpuSystemNanos, Long memoryRss, Long memoryCache,
                             Long processes, List<IoDevice> devices, Pressure cpuPressure,
                             Pressure memoryPressure, Pressure ioPressure) {

    /** Nothing known. */
    public static final CgroupBreakdown NONE = new CgroupBreakdown(null, null, null, null, null, null,
            Pressure.NONE, Pressure.NONE, Pressure.NONE);

    /**
     * The {@code total=} of a PSI file's lines, µs: {@code some}, time at least one task stalled;
     * {@code full}, time every task did (the kernel has no {@code full} line for CPU before 5.13).
     */
    public record Pressure(Long someMicros, Long fullMicros) {
        public static final Pressure NONE = new Pressure(null, null);
    }

    /**
     * Bytes read and written on one block device.
     *
     * @param device its name as cAdvisor labels it ({@code /dev/vda}); {@code MAJ:MIN} when the
     *               host has no such device under {@code /sys/dev/block}
     */
    public record IoDevice(String device, long readBytes, long writeBytes) {
    }
}
