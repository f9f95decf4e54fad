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
        // By hand, not String.split: a pattern of more than one char is compiled at every call,
        // and the header reads this file every tick.
        String text = procStat.toString();
        if (!text.startsWith("cpu ")) {
            return null;
        }
        int end = text.indexOf('\n');
        if (end < 0) {
            end = text.length();
        }
        long total = 0;
        long idle = 0;
        int fields = 0;
        int i = 4;
        while (fields < 8) {
            while (i < end && text.charAt(i) == ' ') {
                i++;
            }
            if (i >= end) {
                break;
            }
            int start = i;
            while (i < end && text.charAt(i) != ' ') {
                i++;
            }
            long v;
            try {
                v = Long.parseLong(text, start, i, 10);
            } catch (NumberFormatException e) {
                return null;
            }
            total += v;
            if (fields == 3 || fields == 4) { // idle, iowait
                idle += v;
            }
            fields++;
        }
        return fields < 4 ? null : new long[] {total, idle};
    }

    /**
     * The host's online CPUs: the {@code cpuN} lines of /proc/stat, which follow the {@code cpu }
     * line. 0 if there are none.
     */
    public static int onlineCpus(CharSequence procStat) {
        String text = procStat.toString();
        int n = 0;
        int line = text.indexOf('\n') + 1; // past the "cpu " line
        while (line > 0 && line + 3 < text.length() && text.startsWith("cpu", line)
                && Character.isDigit(text.charAt(line + 3))) {
            n++;
            line = text.indexOf('\n', line) + 1;
        }
        return n;
    }

    /**
     * What a header shows of the CPUs, from one read of /proc/stat.
     *
     * @param ticks  total and idle ticks of all cores ({@link #cpuTicks}), or null
     * @param online the online CPUs ({@link #onlineCpus}), 0 if unknown
     */
    public record Cpu(long[] ticks, int online) {
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
