package io.jtop.testing;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How near jtop's CPU and memory figures must come to another's (the kernel's files, {@code docker
 * stats}, {@code podman stats}) to count as the same, and the engines' human sizes parsed.
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

    /** An engine's percentage: {@code 51.96%}. */
    public static double parsePercent(String s) {
        String t = s.strip();
        if (!t.endsWith("%")) {
            throw new AssertionError("not an engine's percentage: " + s);
        }
        return Double.parseDouble(t.substring(0, t.length() - 1));
    }
}
