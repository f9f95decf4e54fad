package io.jtop.linux.cgroup;

/**
 * Limits of one cgroup. Null means unlimited, or not readable on this kernel; the two look the same
 * to a user ({@code -} in tables, {@code null} in JSON).
 *
 * @param cpuQuotaMicros  CPU time allowed per period (v1 {@code cpu.cfs_quota_us}, v2 first field of {@code cpu.max})
 * @param cpuPeriodMicros length of the period (v1 {@code cpu.cfs_period_us}, v2 second field of {@code cpu.max})
 * @param cpuShares       v1 {@code cpu.shares} (default 1024); null on v2
 * @param cpuWeight       v2 {@code cpu.weight} (default 100); null on v1
 * @param memoryMax       hard memory limit in bytes
 * @param memoryHigh      v2 {@code memory.high} throttling threshold; null on v1
 * @param memoryLow       soft guarantee: v2 {@code memory.low}, v1 {@code memory.soft_limit_in_bytes}
 * @param swapMax         swap allowed beyond memory (v2 {@code memory.swap.max}; v1 memsw limit − memory limit)
 * @param pidsMax         {@code pids.max}
 * @param cpusetCpus      CPUs allowed, e.g. {@code 0-1}, or null when unset (all)
 * @param cpusetMems      memory nodes allowed, or null when unset (all)
 */
public record CgroupLimits(Long cpuQuotaMicros, Long cpuPeriodMicros, Long cpuShares, Long cpuWeight,
                           Long memoryMax, Long memoryHigh, Long memoryLow, Long swapMax, Long pidsMax,
                           String cpusetCpus, String cpusetMems) {

    /** CPUs' worth of quota (quota ÷ period), e.g. 0.5 for {@code --cpus 0.5}; null if unlimited. */
    public Double cpus() {
        if (cpuQuotaMicros == null || cpuPeriodMicros == null || cpuPeriodMicros <= 0) {
            return null;
        }
        return (double) cpuQuotaMicros / cpuPeriodMicros;
    }
}
