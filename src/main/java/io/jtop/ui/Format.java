package io.jtop.ui;

import java.time.Duration;
import java.util.Locale;

/** Pure formatting of figures for tables: {@code -} for unknown or unlimited. */
public final class Format {

    public static final String NONE = "-";
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Format() {
    }

    /** Bytes in binary units: {@code 512B}, {@code 1.5KiB}, {@code 64MiB}, {@code 120MiB}. */
    public static String bytes(Long b) {
        if (b == null || b < 0) {
            return NONE;
        }
        if (b < 1024) {
            return b + "B";
        }
        double v = b;
        int u = 0;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        String num = v >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.1f", v);
        if (num.equals("1024") && u < UNITS.length - 1) {
            return "1.0" + UNITS[u + 1]; // 1048575 B rounds up to the next unit, not to 1024KiB
        }
        return num + UNITS[u];
    }

    /** A byte rate: {@code 1.5MiB/s}; {@code -} when unknown. */
    public static String rate(Double bytesPerSecond) {
        if (bytesPerSecond == null) {
            return NONE;
        }
        return bytes(Math.round(bytesPerSecond)) + "/s";
    }

    /** A percentage with one decimal. */
    public static String percent(Double p) {
        return p == null ? NONE : String.format(Locale.ROOT, "%.1f", p);
    }

    /** A count, {@code -} when unknown or unlimited. */
    public static String count(Long n) {
        return n == null ? NONE : Long.toString(n);
    }

    /** {@code used/limit}, each part formatted by itself. */
    public static String pair(String used, String limit) {
        return used + "/" + limit;
    }

    /** A short age: {@code 45s}, {@code 12m}, {@code 3h05m}, {@code 4d2h}. */
    public static String age(Duration d) {
        if (d == null || d.isNegative()) {
            return NONE;
        }
        long s = d.getSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m";
        }
        if (s < 86400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60);
        }
        return (s / 86400) + "d" + (s / 3600 % 24) + "h";
    }

    /** CPUs' worth of quota: {@code 0.5}, {@code 2}. */
    public static String cpus(Double c) {
        if (c == null) {
            return NONE;
        }
        String s = String.format(Locale.ROOT, "%.2f", c);
        return s.replaceAll("\\.?0+$", "");
    }

    /** Text or {@code -}. */
    public static String text(String s) {
        return s == null || s.isEmpty() ? NONE : s;
    }
}
