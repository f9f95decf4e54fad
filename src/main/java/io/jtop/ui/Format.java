package io.jtop.ui;

import io.jtop.container.Sample;

import java.time.Duration;
import java.util.Formatter;
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
        String num = v >= 100 || v == Math.rint(v) ? Long.toString(Math.round(v)) : oneDecimal(v);
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

    /**
     * A byte rate for a narrow column, per second implied: {@code 0}, {@code 512}, {@code 1.5K},
     * {@code 20M} (binary units); {@code -} when unknown.
     */
    public static String compactRate(Double bytesPerSecond) {
        if (bytesPerSecond == null) {
            return NONE;
        }
        String b = bytes(Math.round(bytesPerSecond));
        return b.endsWith("iB") ? b.substring(0, b.length() - 2) : b.substring(0, b.length() - 1);
    }

    /**
     * The cgroup's pressure (PSI), as {@code inspect} and the detail view show it:
     * {@code cpu 48.5, memory 0.0, io 0.2 (some, avg10 %)}, the share of the last 10 s in which
     * some of its tasks waited for each resource.
     */
    public static String pressure(Sample s) {
        return "cpu " + percent(s.psiCpuSome10()) + ", memory " + percent(s.psiMemorySome10()) + ", io "
                + percent(s.psiIoSome10()) + " (some, avg10 %)";
    }

    /** A percentage with one decimal. */
    public static String percent(Double p) {
        return p == null ? NONE : oneDecimal(p);
    }

    /**
     * {@code %.1f} without java.util.Formatter, which costs tens of microseconds a call and is
     * called for every figure of every frame; same rounding (half up) for the values shown here.
     */
    /** {@code %.2f} likewise, e.g. a load average. */
    public static String twoDecimals(double v) {
        if (!Double.isFinite(v) || Math.abs(v) >= 1e13) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        long hundredths = Math.round(Math.abs(v) * 100);
        String sign = v < 0 && hundredths != 0 ? "-" : "";
        long frac = hundredths % 100;
        return sign + hundredths / 100 + (frac < 10 ? ".0" : ".") + frac;
    }

    static String oneDecimal(double v) {
        if (!Double.isFinite(v) || Math.abs(v) >= 1e15) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        long tenths = Math.round(Math.abs(v) * 10);
        String sign = v < 0 && tenths != 0 ? "-" : "";
        return sign + tenths / 10 + "." + tenths % 10;
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
            long m = s / 60 % 60; // without Formatter: the header shows an age at every frame
            return (s / 3600) + (m < 10 ? "h0" : "h") + m + "m";
        }
        return (s / 86400) + "d" + (s / 3600 % 24) + "h";
    }

    /**
     * A duration in Docker's words, as {@code docker ps} tells how long ago a container exited:
     * {@code Less than a second}, {@code 1 second}, {@code 45 seconds}, {@code About a minute},
     * {@code 5 minutes}, {@code About an hour}, {@code 3 hours}, {@code 2 days}, {@code 3 weeks},
     * {@code 4 months}, {@code 2 years}. Seconds and minutes count whole ones; hours are rounded to
     * the nearest, and days, weeks (of 7 days) and months (of 30) are whole ones of those hours;
     * hours show up to 47, days up to 13, weeks below 60 days, months below 730 days. A negative
     * duration (a clock set back) counts as none.
     */
    public static String humanDuration(Duration d) {
        long seconds = d.isNegative() ? 0 : d.getSeconds();
        long minutes = seconds / 60;
        long hours = (seconds + 1800) / 3600;
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        } else if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        } else if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 14) {
            return hours / 24 + " days";
        } else if (hours < 24 * 60) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 730) {
            return hours / 24 / 30 + " months";
        }
        return seconds / 3600 / 24 / 365 + " years";
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

    /**
     * A size as users write it: {@code 64m}, {@code 1g}, {@code 512k}, {@code 1048576} (binary
     * units, an optional trailing {@code b}); {@code -1} stays -1 (unlimited), null or blank is null.
     * Throws IllegalArgumentException with a message that completes "OPTION …".
     */
    public static Long parseBytes(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("-1")) {
            return -1L;
        }
        if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        long mult = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        switch (last) {
            case 'k' -> mult = 1L << 10;
            case 'm' -> mult = 1L << 20;
            case 'g' -> mult = 1L << 30;
            default -> { }
        }
        if (mult > 1) {
            t = t.substring(0, t.length() - 1);
        }
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("takes a size such as 64m or 1g, not '" + s + "'");
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("must be positive, not '" + s + "'");
        }
        return Math.round(v * mult);
    }
}
