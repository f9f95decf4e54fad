package io.jtop.container;

import java.util.List;

/**
 * One container's figures at one tick. Null means "not known here": unlimited for a limit, or a
 * counter the kernel does not provide, or the first tick of a rate.
 *
 * <p>Definitions (README "Metrics"): CPU % is Δ cgroup CPU time ÷ Δ wall time × 100, so one busy
 * core is 100; working set is usage minus inactive file pages; rates are per second over the last
 * interval.
 */
public record Sample(
        Double cpuPercent,
        Long cpuUsageNanos,
        Long cpuPeriods,
        Long cpuThrottledPeriods,
        Long cpuThrottledNanos,
        Long cpuQuotaMicros,
        Long cpuPeriodMicros,
        Long cpuShares,
        Long cpuWeight,
        Long memoryWorkingSetBytes,
        Long memoryUsageBytes,
        Long memoryLimitBytes,
        Long swapBytes,
        Long swapLimitBytes,
        Long oomKills,
        Long pidsCurrent,
        Long pidsLimit,
        Long ioReadBytes,
        Long ioWriteBytes,
        Double ioReadBytesPerSecond,
        Double ioWriteBytesPerSecond,
        Long netRxBytes,
        Long netTxBytes,
        Double netRxBytesPerSecond,
        Double netTxBytesPerSecond,
        Double psiCpuSome10,
        Double psiMemorySome10,
        Double psiIoSome10,
        List<String> hostNamespaces,
        Boolean privileged) {

    /** Working set as a percentage of the memory limit, or null without a limit. */
    public Double memoryPercent() {
        if (memoryWorkingSetBytes == null || memoryLimitBytes == null || memoryLimitBytes <= 0) {
            return null;
        }
        return 100.0 * memoryWorkingSetBytes / memoryLimitBytes;
    }

    /** CPUs' worth of quota, e.g. 0.5; null when unlimited. */
    public Double cpuLimit() {
        if (cpuQuotaMicros == null || cpuPeriodMicros == null || cpuPeriodMicros <= 0) {
            return null;
        }
        return (double) cpuQuotaMicros / cpuPeriodMicros;
    }
}
