package io.jtop.linux.proc;

/** Pure parsers of the host-wide figures a header shows: CPU time of all cores and memory. */
public final class HostStats {

    private HostStats() {
    }

    /**
     * Total and idle time of all CPUs together, in clock ticks, from the first ({@code cpu }) line of
     * /proc/stat: idle counts idle and iowait; total adds user, nice, system, irq, softirq and steal
     * (guest time is already inside user and nice). Null if the line is missing or malformed.
     */
    public static long[] cpuTicks(CharSequence procStat) {
        String text = procStat.toString();
        if (!text.startsWith("cpu ")) {
            return null;
        }
        int end = text.indexOf('\n');
        String[] f = text.substring(4, end < 0 ? text.length() : end).trim().split("\\s+");
        if (f.length < 4) {
            return null;
        }
        long total = 0;
        long idle = 0;
        try {
            for (int i = 0; i < Math.min(f.length, 8); i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i == 3 || i == 4) { // idle, iowait
                    idle += v;
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return new long[] {total, idle};
    }

    /** Host memory: total and available (MemAvailable, kernel ≥ 3.14), in bytes. */
    public record Memory(long totalBytes, long availableBytes) {
        public long usedBytes() {
            return Math.max(0, totalBytes - availableBytes);
        }
    }

    /** MemTotal and MemAvailable of /proc/meminfo; null when either is missing. */
    public static Memory memory(CharSequence meminfo) {
        long total = -1;
        long available = -1;
        for (String line : meminfo.toString().split("\n")) {
            if (line.startsWith("MemTotal:")) {
                total = kib(line);
            } else if (line.startsWith("MemAvailable:")) {
                available = kib(line);
            }
        }
        return total < 0 || available < 0 ? null : new Memory(total, available);
    }

    private static long kib(String line) {
        String[] f = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        try {
            return Long.parseLong(f[0]) * 1024;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
