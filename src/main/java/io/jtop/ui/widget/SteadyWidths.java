package io.jtop.ui.widget;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Content widths that do not jump at every tick: a column grows at once (its text must show), and
 * shrinks only once its content has stayed narrower for {@link #HOLD}, then to the widest it was
 * in that time. A figure that flickers between {@code 9.9} and {@code 10.0}, or a long name that
 * scrolls out of view and back, leaves the layout as it was; a column whose wide rows are gone for
 * good gives its width back a few ticks later. Used by the UI thread only.
 */
public final class SteadyWidths {

    /** How long a column's content must stay narrower before the column shrinks. */
    public static final Duration HOLD = Duration.ofSeconds(10);

    private final LongSupplier nanos;
    private int[] shown = new int[0];
    /** Per column: the widest content since it became narrower than shown. */
    private int[] peak = new int[0];
    /** Per column: when its content became narrower than shown; meaningful while {@code peak < shown}. */
    private long[] since = new long[0];

    /** Widths on the system's monotonic clock. */
    public SteadyWidths() {
        this(System::nanoTime);
    }

    /** Widths on a clock of nanoseconds; tests advance it by hand. */
    public SteadyWidths(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** The widths to lay out by, given this frame's content widths (by column index). */
    public int[] settle(int[] content) {
        long now = nanos.getAsLong();
        if (content.length != shown.length) {
            shown = content.clone();
            peak = content.clone();
            since = new long[content.length];
            return shown.clone();
        }
        for (int i = 0; i < content.length; i++) {
            if (content[i] >= shown[i]) {
                shown[i] = content[i];
                peak[i] = content[i];
            } else if (peak[i] >= shown[i]) {
                peak[i] = content[i]; // just became narrower
                since[i] = now;
            } else {
                peak[i] = Math.max(peak[i], content[i]);
                if (now - since[i] >= HOLD.toNanos()) {
                    shown[i] = peak[i];
                    peak[i] = content[i];
                    since[i] = now;
                }
            }
        }
        return shown.clone();
    }
}
