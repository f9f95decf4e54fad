package io.jtop.metrics;

import io.jtop.linux.cgroup.Cgroup;
import io.jtop.linux.proc.HostStats;
import io.jtop.linux.proc.ProcFs;

/**
 * The host-wide figures a header shows: its name and kernel, the cgroup version, uptime, load, the
 * busy share of all CPUs between two calls, and memory. Confined to one thread (the UI's sampler).
 */
public final class HostSampler {

    private final ProcFs proc;
    private final int cgroupVersion;
    /** Read once: neither changes while jtop runs, or not in a way a header must follow. */
    private String hostname;
    private String kernel;
    private long[] lastCpu;

    /**
     * One reading.
     *
     * @param hostname      the host's name, or {@code -}
     * @param kernel        kernel release, or {@code -}
     * @param cgroupVersion 1 or 2
     * @param uptimeSeconds since boot, or -1
     * @param load          1, 5 and 15 minute load averages, or null
     * @param cpuPercent    busy share of all CPUs since the last call (0–100), or null on the first
     * @param cpus          online CPUs
     * @param memoryUsed    bytes in use (total − available), or -1
     * @param memoryTotal   bytes, or -1
     */
    public record Figures(String hostname, String kernel, int cgroupVersion, double uptimeSeconds, double[] load,
                          Double cpuPercent, int cpus, long memoryUsed, long memoryTotal) {
    }

    public HostSampler(ProcFs proc, Cgroup cgroup) {
        this.proc = proc;
        this.cgroupVersion = cgroup.version();
    }

    public Figures sample() {
        if (hostname == null) {
            hostname = orDash(proc.sysctl("kernel/hostname"));
            kernel = orDash(proc.sysctl("kernel/osrelease"));
        }
        HostStats.Cpu cpus = proc.cpu();
        long[] cpu = cpus.ticks();
        Double cpuPercent = null;
        if (cpu != null && lastCpu != null && cpu[0] > lastCpu[0]) {
            long total = cpu[0] - lastCpu[0];
            long idle = Math.max(0, cpu[1] - lastCpu[1]);
            cpuPercent = Math.max(0, Math.min(100, 100.0 * (total - idle) / total));
        }
        lastCpu = cpu;
        HostStats.Memory mem = proc.memory();
        // The host's CPUs as /proc/stat counts them: the JVM's own count is of the CPUs this process
        // may use (its affinity and cgroup), and reads cgroup files at every call.
        return new Figures(hostname, kernel, cgroupVersion, proc.uptimeSeconds(), proc.loadAverage(), cpuPercent,
                cpus.online() > 0 ? cpus.online() : Runtime.getRuntime().availableProcessors(),
                mem == null ? -1 : mem.usedBytes(), mem == null ? -1 : mem.totalBytes());
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
