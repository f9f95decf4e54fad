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
        Boolean privileged,
        List<String> securityFlags,
        Long cpuUserNanos,
        Long cpuSystemNanos,
        Long memoryRssBytes,
        Long memoryCacheBytes,
        Long processes,
        List<Interface> netInterfaces,
        List<Device> ioDevices,
        Long psiCpuSomeMicros,
        Long psiCpuFullMicros,
        Long psiMemorySomeMicros,
        Long psiMemoryFullMicros,
        Long psiIoSomeMicros,
        Long psiIoFullMicros) {

    /** One network interface's counters, as cAdvisor exports them (its {@code interface} label). */
    public record Interface(String name, long rxBytes, long rxPackets, long rxErrors, long rxDropped,
                            long txBytes, long txPackets, long txErrors, long txDropped) {
    }

    /** Bytes read and written on one block device, named as cAdvisor's {@code device} label ({@code /dev/vda}). */
    public record Device(String name, long readBytes, long writeBytes) {
    }

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

    /** A sample with every figure unknown, to be given its figures by name. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this sample's figures, to make one that differs in some. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.cpuPercent = cpuPercent;
        b.cpuUsageNanos = cpuUsageNanos;
        b.cpuPeriods = cpuPeriods;
        b.cpuThrottledPeriods = cpuThrottledPeriods;
        b.cpuThrottledNanos = cpuThrottledNanos;
        b.cpuQuotaMicros = cpuQuotaMicros;
        b.cpuPeriodMicros = cpuPeriodMicros;
        b.cpuShares = cpuShares;
        b.cpuWeight = cpuWeight;
        b.memoryWorkingSetBytes = memoryWorkingSetBytes;
        b.memoryUsageBytes = memoryUsageBytes;
        b.memoryLimitBytes = memoryLimitBytes;
        b.swapBytes = swapBytes;
        b.swapLimitBytes = swapLimitBytes;
        b.oomKills = oomKills;
        b.pidsCurrent = pidsCurrent;
        b.pidsLimit = pidsLimit;
        b.ioReadBytes = ioReadBytes;
        b.ioWriteBytes = ioWriteBytes;
        b.ioReadBytesPerSecond = ioReadBytesPerSecond;
        b.ioWriteBytesPerSecond = ioWriteBytesPerSecond;
        b.netRxBytes = netRxBytes;
        b.netTxBytes = netTxBytes;
        b.netRxBytesPerSecond = netRxBytesPerSecond;
        b.netTxBytesPerSecond = netTxBytesPerSecond;
        b.psiCpuSome10 = psiCpuSome10;
        b.psiMemorySome10 = psiMemorySome10;
        b.psiIoSome10 = psiIoSome10;
        b.hostNamespaces = hostNamespaces;
        b.privileged = privileged;
        b.securityFlags = securityFlags;
        b.cpuUserNanos = cpuUserNanos;
        b.cpuSystemNanos = cpuSystemNanos;
        b.memoryRssBytes = memoryRssBytes;
        b.memoryCacheBytes = memoryCacheBytes;
        b.processes = processes;
        b.netInterfaces = netInterfaces;
        b.ioDevices = ioDevices;
        b.psiCpuSomeMicros = psiCpuSomeMicros;
        b.psiCpuFullMicros = psiCpuFullMicros;
        b.psiMemorySomeMicros = psiMemorySomeMicros;
        b.psiMemoryFullMicros = psiMemoryFullMicros;
        b.psiIoSomeMicros = psiIoSomeMicros;
        b.psiIoFullMicros = psiIoFullMicros;
        return b;
    }

    /**
     * A sample's figures set one by one, each named where it is set; unset ones are unknown (null).
     * {@link #build} empties it, so one builder can make one sample after another (the sampler
     * keeps one) without a figure of one container reaching the next.
     */
    public static final class Builder {
        private Double cpuPercent;
        private Long cpuUsageNanos;
        private Long cpuPeriods;
        private Long cpuThrottledPeriods;
        private Long cpuThrottledNanos;
        private Long cpuQuotaMicros;
        private Long cpuPeriodMicros;
        private Long cpuShares;
        private Long cpuWeight;
        private Long memoryWorkingSetBytes;
        private Long memoryUsageBytes;
        private Long memoryLimitBytes;
        private Long swapBytes;
        private Long swapLimitBytes;
        private Long oomKills;
        private Long pidsCurrent;
        private Long pidsLimit;
        private Long ioReadBytes;
        private Long ioWriteBytes;
        private Double ioReadBytesPerSecond;
        private Double ioWriteBytesPerSecond;
        private Long netRxBytes;
        private Long netTxBytes;
        private Double netRxBytesPerSecond;
        private Double netTxBytesPerSecond;
        private Double psiCpuSome10;
        private Double psiMemorySome10;
        private Double psiIoSome10;
        private List<String> hostNamespaces;
        private Boolean privileged;
        private List<String> securityFlags;
        private Long cpuUserNanos;
        private Long cpuSystemNanos;
        private Long memoryRssBytes;
        private Long memoryCacheBytes;
        private Long processes;
        private List<Interface> netInterfaces;
        private List<Device> ioDevices;
        private Long psiCpuSomeMicros;
        private Long psiCpuFullMicros;
        private Long psiMemorySomeMicros;
        private Long psiMemoryFullMicros;
        private Long psiIoSomeMicros;
        private Long psiIoFullMicros;

        private Builder() {
        }

        public Builder cpuPercent(Double v) {
            cpuPercent = v;
            return this;
        }

        public Builder cpuUsageNanos(Long v) {
            cpuUsageNanos = v;
            return this;
        }

        public Builder cpuPeriods(Long v) {
            cpuPeriods = v;
            return this;
        }

        public Builder cpuThrottledPeriods(Long v) {
            cpuThrottledPeriods = v;
            return this;
        }

        public Builder cpuThrottledNanos(Long v) {
            cpuThrottledNanos = v;
            return this;
        }

        public Builder cpuQuotaMicros(Long v) {
            cpuQuotaMicros = v;
            return this;
        }

        public Builder cpuPeriodMicros(Long v) {
            cpuPeriodMicros = v;
            return this;
        }

        public Builder cpuShares(Long v) {
            cpuShares = v;
            return this;
        }

        public Builder cpuWeight(Long v) {
            cpuWeight = v;
            return this;
        }

        public Builder memoryWorkingSetBytes(Long v) {
            memoryWorkingSetBytes = v;
            return this;
        }

        public Builder memoryUsageBytes(Long v) {
            memoryUsageBytes = v;
            return this;
        }

        public Builder memoryLimitBytes(Long v) {
            memoryLimitBytes = v;
            return this;
        }

        public Builder swapBytes(Long v) {
            swapBytes = v;
            return this;
        }

        public Builder swapLimitBytes(Long v) {
            swapLimitBytes = v;
            return this;
        }

        public Builder oomKills(Long v) {
            oomKills = v;
            return this;
        }

        public Builder pidsCurrent(Long v) {
            pidsCurrent = v;
            return this;
        }

        public Builder pidsLimit(Long v) {
            pidsLimit = v;
            return this;
        }

        public Builder ioReadBytes(Long v) {
            ioReadBytes = v;
            return this;
        }

        public Builder ioWriteBytes(Long v) {
            ioWriteBytes = v;
            return this;
        }

        public Builder ioReadBytesPerSecond(Double v) {
            ioReadBytesPerSecond = v;
            return this;
        }

        public Builder ioWriteBytesPerSecond(Double v) {
            ioWriteBytesPerSecond = v;
            return this;
        }

        public Builder netRxBytes(Long v) {
            netRxBytes = v;
            return this;
        }

        public Builder netTxBytes(Long v) {
            netTxBytes = v;
            return this;
        }

        public Builder netRxBytesPerSecond(Double v) {
            netRxBytesPerSecond = v;
            return this;
        }

        public Builder netTxBytesPerSecond(Double v) {
            netTxBytesPerSecond = v;
            return this;
        }

        public Builder psiCpuSome10(Double v) {
            psiCpuSome10 = v;
            return this;
        }

        public Builder psiMemorySome10(Double v) {
            psiMemorySome10 = v;
            return this;
        }

        public Builder psiIoSome10(Double v) {
            psiIoSome10 = v;
            return this;
        }

        public Builder hostNamespaces(List<String> v) {
            hostNamespaces = v;
            return this;
        }

        public Builder privileged(Boolean v) {
            privileged = v;
            return this;
        }

        /** The security findings' flag labels ({@code sock}, {@code no-seccomp}, …); null when unread. */
        public Builder securityFlags(List<String> v) {
            securityFlags = v;
            return this;
        }

        /** CPU time in user mode, ns. */
        public Builder cpuUserNanos(Long v) {
            cpuUserNanos = v;
            return this;
        }

        /** CPU time in the kernel, ns. */
        public Builder cpuSystemNanos(Long v) {
            cpuSystemNanos = v;
            return this;
        }

        /** Anonymous memory (cAdvisor's rss: v1 {@code total_rss}, v2 {@code anon}). */
        public Builder memoryRssBytes(Long v) {
            memoryRssBytes = v;
            return this;
        }

        /** Page cache (cAdvisor's cache: v1 {@code total_cache}, v2 {@code file}). */
        public Builder memoryCacheBytes(Long v) {
            memoryCacheBytes = v;
            return this;
        }

        /** Processes, not threads, in the cgroup and those below it. */
        public Builder processes(Long v) {
            processes = v;
            return this;
        }

        /** Each interface's counters (not loopback); null when unread or the host's network. */
        public Builder netInterfaces(List<Interface> v) {
            netInterfaces = v;
            return this;
        }

        /** Block I/O per device; null when unread. */
        public Builder ioDevices(List<Device> v) {
            ioDevices = v;
            return this;
        }

        /** Time some task waited for CPU ({@code cpu.pressure} some total), µs. */
        public Builder psiCpuSomeMicros(Long v) {
            psiCpuSomeMicros = v;
            return this;
        }

        /** Time every task waited for CPU (full total), µs. */
        public Builder psiCpuFullMicros(Long v) {
            psiCpuFullMicros = v;
            return this;
        }

        /** Same for memory, some. */
        public Builder psiMemorySomeMicros(Long v) {
            psiMemorySomeMicros = v;
            return this;
        }

        /** Same for memory, full. */
        public Builder psiMemoryFullMicros(Long v) {
            psiMemoryFullMicros = v;
            return this;
        }

        /** Same for I/O, some. */
        public Builder psiIoSomeMicros(Long v) {
            psiIoSomeMicros = v;
            return this;
        }

        /** Same for I/O, full. */
        public Builder psiIoFullMicros(Long v) {
            psiIoFullMicros = v;
            return this;
        }

        /** The sample of the figures set since the last build; the builder is then empty. */
        public Sample build() {
            Sample s = new Sample(
                    cpuPercent, cpuUsageNanos, cpuPeriods, cpuThrottledPeriods, cpuThrottledNanos, cpuQuotaMicros,
                    cpuPeriodMicros, cpuShares, cpuWeight, memoryWorkingSetBytes, memoryUsageBytes,
                    memoryLimitBytes, swapBytes, swapLimitBytes, oomKills, pidsCurrent, pidsLimit, ioReadBytes,
                    ioWriteBytes, ioReadBytesPerSecond, ioWriteBytesPerSecond, netRxBytes, netTxBytes,
                    netRxBytesPerSecond, netTxBytesPerSecond, psiCpuSome10, psiMemorySome10, psiIoSome10,
                    hostNamespaces, privileged, securityFlags, cpuUserNanos, cpuSystemNanos, memoryRssBytes,
                    memoryCacheBytes, processes, netInterfaces, ioDevices, psiCpuSomeMicros, psiCpuFullMicros,
                    psiMemorySomeMicros, psiMemoryFullMicros, psiIoSomeMicros, psiIoFullMicros);
            cpuPercent = null;
            cpuUsageNanos = null;
            cpuPeriods = null;
            cpuThrottledPeriods = null;
            cpuThrottledNanos = null;
            cpuQuotaMicros = null;
            cpuPeriodMicros = null;
            cpuShares = null;
            cpuWeight = null;
            memoryWorkingSetBytes = null;
            memoryUsageBytes = null;
            memoryLimitBytes = null;
            swapBytes = null;
            swapLimitBytes = null;
            oomKills = null;
            pidsCurrent = null;
            pidsLimit = null;
            ioReadBytes = null;
            ioWriteBytes = null;
            ioReadBytesPerSecond = null;
            ioWriteBytesPerSecond = null;
            netRxBytes = null;
            netTxBytes = null;
            netRxBytesPerSecond = null;
            netTxBytesPerSecond = null;
            psiCpuSome10 = null;
            psiMemorySome10 = null;
            psiIoSome10 = null;
            hostNamespaces = null;
            privileged = null;
            securityFlags = null;
            cpuUserNanos = null;
            cpuSystemNanos = null;
            memoryRssBytes = null;
            memoryCacheBytes = null;
            processes = null;
            netInterfaces = null;
            ioDevices = null;
            psiCpuSomeMicros = null;
            psiCpuFullMicros = null;
            psiMemorySomeMicros = null;
            psiMemoryFullMicros = null;
            psiIoSomeMicros = null;
            psiIoFullMicros = null;
            return s;
        }
    }
}
