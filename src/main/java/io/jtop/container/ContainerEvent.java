package io.jtop.container;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing that happened to a container, for its timeline: what jtop saw in its figures, what its
 * runtime's record tells, or what an engine's event stream said. Text from an engine is hostile:
 * it is cut to {@link #MAX_TEXT} characters here and escaped where it meets a terminal.
 *
 * @param time   when it happened (for a merged run of identical events: the latest one)
 * @param source who tells it: {@code jtop} (its samples), {@code runtime} (the container's record),
 *               or the engine's name ({@code docker}, {@code podman})
 * @param action what happened, e.g. {@code started}, {@code OOM kill}, {@code die}
 * @param detail what more is known (exit code, signal, counter), or empty
 * @param count  how many identical events in a row this one stands for, at least 1
 */
public record ContainerEvent(Instant time, String source, String action, String detail, int count) {

    /** The most characters of an action or detail kept: a daemon's attributes can be of any size. */
    public static final int MAX_TEXT = 200;

    public ContainerEvent {
        Objects.requireNonNull(time, "time");
        source = cut(Objects.requireNonNull(source, "source"));
        action = cut(Objects.requireNonNull(action, "action"));
        detail = detail == null ? "" : cut(detail);
        count = Math.max(1, count);
    }

    public ContainerEvent(Instant time, String source, String action, String detail) {
        this(time, source, action, detail, 1);
    }

    /** Whether {@code next} repeats this event (the same source, action and detail): they merge into one line. */
    public boolean repeatedBy(ContainerEvent next) {
        return source.equals(next.source) && action.equals(next.action) && detail.equals(next.detail);
    }

    /** This event standing also for {@code next}, which repeats it. */
    public ContainerEvent mergedWith(ContainerEvent next) {
        Instant latest = next.time.isAfter(time) ? next.time : time;
        return new ContainerEvent(latest, source, action, detail, (int) Math.min(Integer.MAX_VALUE, (long) count + next.count));
    }

    private static String cut(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "…";
    }
}
