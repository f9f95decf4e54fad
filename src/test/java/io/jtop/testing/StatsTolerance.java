package io.jtop.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How near jtop's CPU and memory figures must come to another's (the kernel's files, {@code docker
 * stats}, {@code podman stats}) to count as the same; the kernel's CPU % over a call; the engines'
 * human sizes parsed.
 *
 * <p>CPU: within {@link #CPU_POINTS} percentage points, as the two are never read over exactly the
 * same window. Memory: within {@link #MEMORY_BYTES}, as each counts a little differently what a
 * container holds besides its anonymous memory (kernel memory, active page cache).
 */
public final class StatsTolerance {

    /** Percentage points between two CPU figures of the same container. */
    public static final double CPU_POINTS = 10;
    /** Bytes between two memory figures of the same container. */
    public static final long MEMORY_BYTES = 1 << 20;

    private static final String[] UNITS = {"KiB", "MiB", "GiB", "kB", "MB", "GB", "B"};
    private static final long[] MULTIPLIERS = {1L << 10, 1L << 20, 1L << 30, 1_000, 1_000_000, 1_000_000_000, 1};

    private StatsTolerance() {
    }

    /** Whether two CPU % figures agree. */
    public static boolean cpuNear(double a, double b) {
        return Math.abs(a - b) <= CPU_POINTS;
    }

    /** Fails unless jtop's CPU % agrees with {@code other}'s. */
    public static void assertCpuNear(double jtop, double other, String otherName, String what) {
        assertTrue(cpuNear(jtop, other), what + ": jtop's CPU " + jtop + " %, " + otherName + "'s " + other
                + " % (tolerance " + CPU_POINTS + " points)");
    }

    /** Fails unless jtop's memory figure agrees with {@code other}'s. */
    public static void assertMemoryNear(long jtop, long other, String otherName, String what) {
        assertTrue(Math.abs(jtop - other) <= MEMORY_BYTES, what + ": jtop's " + jtop + " bytes, " + otherName + "'s "
                + other + " (tolerance " + MEMORY_BYTES + " bytes)");
    }

    /**
     * An engine's human size: Docker's binary units ({@code 1.543MiB}, {@code 512KiB}), Podman's
     * decimal ones ({@code 16.2MB}, {@code 57.34kB}), or bytes ({@code 12B}).
     */
    public static long parseSize(String s) {
        String t = s.strip();
        for (int i = 0; i < UNITS.length; i++) {
            if (t.endsWith(UNITS[i])) {
                String number = t.substring(0, t.length() - UNITS[i].length()).strip();
                return Math.round(Double.parseDouble(number.toLowerCase(Locale.ROOT)) * MULTIPLIERS[i]);
            }
        }
        throw new AssertionError("not an engine's size: " + s);
    }

    /** What a call returned, and the CPU % the kernel counted for a cgroup while it ran. */
    public record Measured<T>(T value, double kernelPercent) {
    }

    /**
     * Runs {@code call} and measures, around it, the CPU % the kernel counts for {@code cgroup}:
     * the figure to hold jtop's against when jtop measured over the same call.
     */
    public static <T> Measured<T> kernelCpuDuring(String cgroup, Supplier<T> call) {
        Path usage = cpuUsageFile(cgroup);
        long u0 = cpuUsageNanos(usage);
        long t0 = System.nanoTime();
        T value = call.get();
        return new Measured<>(value, 100.0 * (cpuUsageNanos(usage) - u0) / (System.nanoTime() - t0));
    }

    /** Where the kernel counts a cgroup's CPU time: v1 cpuacct.usage (ns), v2 cpu.stat (usage_usec). */
    private static Path cpuUsageFile(String cgroup) {
        Path v1 = Path.of("/sys/fs/cgroup/cpuacct" + cgroup, "cpuacct.usage");
        return Files.exists(v1) ? v1 : Path.of("/sys/fs/cgroup" + cgroup, "cpu.stat");
    }

    private static long cpuUsageNanos(Path file) {
        try {
            if (file.getFileName().toString().equals("cpuacct.usage")) {
                return Long.parseLong(Files.readString(file).strip());
            }
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("usage_usec ")) {
                    return Long.parseLong(line.substring("usage_usec ".length()).strip()) * 1000;
                }
            }
            throw new AssertionError("no usage_usec in " + file);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    /** An engine's percentage: {@code 51.96%}. */
    public static double parsePercent(String s) {
        String t = s.strip();
        if (!t.endsWith("%")) {
            throw new AssertionError("not an engine's percentage: " + s);
        }
        return Double.parseDouble(t.substring(0, t.length() - 1));
    }
}
