package io.jtop.ui;

import java.util.Locale;

/** Refresh intervals as users write them: seconds like top ({@code 1}, {@code 0.5}, {@code 2s}) or {@code 250ms}. */
public final class Intervals {

    /** Shortest interval: below it the sampler's own cost would show in the figures. */
    public static final long MIN_MILLIS = 100;
    public static final long MAX_MILLIS = 3_600_000;

    private Intervals() {
    }

    public static long parseMillis(String written) {
        String w = written.strip().toLowerCase(Locale.ROOT);
        double millis;
        try {
            if (w.endsWith("ms")) {
                millis = Double.parseDouble(w.substring(0, w.length() - 2));
            } else {
                millis = Double.parseDouble(w.endsWith("s") ? w.substring(0, w.length() - 1) : w) * 1000;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + written + "' is not an interval (seconds, e.g. 1 or 0.5, or 250ms)");
        }
        if (Double.isNaN(millis) || millis < MIN_MILLIS || millis > MAX_MILLIS) {
            throw new IllegalArgumentException("interval '" + written + "' must be between 0.1 s and 1 h");
        }
        return Math.round(millis);
    }

    /** {@code 1s}, {@code 0.5s}, {@code 250ms}. */
    public static String format(long millis) {
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        if (millis % 100 == 0) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        return millis + "ms";
    }
}
